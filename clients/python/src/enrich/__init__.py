"""Generated from proto/enrich/v1 by clients/python/generate.sh."""
