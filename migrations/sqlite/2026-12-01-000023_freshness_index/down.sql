DROP INDEX listings_freshness;
