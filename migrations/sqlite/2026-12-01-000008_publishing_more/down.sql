DROP TABLE occurrence_moves;
