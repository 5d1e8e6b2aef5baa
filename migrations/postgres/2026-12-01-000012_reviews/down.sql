DROP TABLE casework_reviews;
