"""The crawl stage: from sources to archived pages.

  _discover  sources.yaml, feeds and sitemaps -> article URLs (and local files)
  _robots    robots.txt decisions and the per-host request spacing
  _slots     where that spacing is shared: a folder (one machine) or Redis (several)
  _fetch     one page over HTTP, politely and safely (limits, retries, redirects)
  _addresses which addresses may be fetched (private, loopback, link-local), before connecting
  _content   a response body's media type, charset and bounded decompression
  _archive   every fetched response into a WARC file

Private modules: the library's public API is `etl`'s `__init__`.
"""
