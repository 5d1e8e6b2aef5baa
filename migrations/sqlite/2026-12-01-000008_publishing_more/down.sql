DROP TABLE organiser_invitations;
DROP TABLE occurrence_moves;
