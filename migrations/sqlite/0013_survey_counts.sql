-- Results count responses grouped by wave, group, locale, channel and answers. An index in that order,
-- holding the flag too, lets the database read the groups in order from the index alone, without
-- sorting a million rows or reading the table.
CREATE INDEX survey_responses_counted
    ON survey_responses (survey_id, wave_id, group_id, locale, channel, answers, flagged);
