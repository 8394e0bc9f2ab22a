-- Community reports get random ids, chosen by Beacon (positive, below 2^53), instead of the next number, so
-- that an id no longer tells when a report arrived or how many came before it. Reports still waiting for
-- moderation are given random ids now; reviewed reports keep theirs, which the audit log and the incidents
-- they became already name.
UPDATE community_reports SET id = 1 + (random() & 4503599627370495) WHERE status = 'pending';
