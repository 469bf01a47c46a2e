# Airflow 3.3 with newsarchive installed (the DAGs import `etl` inside their tasks).
FROM apache/airflow:3.3.2-python3.11
USER root
# A JDK and Maven: English names are read by Stanford CoreNLP's CRF tagger, fetched and compiled
# at build time (`newsarchive models fetch`); set NEWSARCHIVE_NER=spacy to run without them.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends curl openjdk-17-jdk-headless maven \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /opt/newsarchive-models && chown airflow:root /opt/newsarchive-models
USER airflow
ENV NEWSARCHIVE_MODELS_DIR=/opt/newsarchive-models
COPY --chown=airflow:root . /opt/newsarchive
# The project's own pins come from uv.lock; Airflow's constraints are respected by pinning it.
RUN pip install --no-cache-dir "apache-airflow==3.3.2" /opt/newsarchive \
    && newsarchive models fetch && rm -rf /home/airflow/.m2
