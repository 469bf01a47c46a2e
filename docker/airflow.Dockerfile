# Airflow 3.3 with newsarchive installed (the DAGs import `etl` inside their tasks).
FROM apache/airflow:3.3.2-python3.11
USER root
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
USER airflow
COPY --chown=airflow:root . /opt/newsarchive
# The project's own pins come from uv.lock; Airflow's constraints are respected by pinning it.
RUN pip install --no-cache-dir "apache-airflow==3.3.2" /opt/newsarchive
