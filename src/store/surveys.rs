//! Surveys: definitions and their versions, waves, groups, responses (answers as canonical JSON, free
//! text apart), the public form's one-use tokens, saved import mappings and imports.

use sqlx::Row;

use super::{Store, StoreError, Tx};

/// A survey as kept, with its current definition (JSON, read by the service).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRecord {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub campaign_id: Option<i64>,
    pub free_text: bool,
    pub version: i64,
    pub definition: String,
    pub created_at: i64,
}

/// A wave of a survey.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Wave {
    pub id: i64,
    pub key: String,
    /// `before` (a baseline) or `after` (a follow-up).
    pub phase: String,
    /// `YYYY-MM-DD`, both days included.
    pub opens_on: String,
    pub closes_on: String,
}

/// A group of a survey: the campaign's region (`target`) or a region it did not target (`comparison`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Group {
    pub id: i64,
    pub key: String,
    pub role: String,
    pub name: String,
    pub region_id: Option<i64>,
}

/// A response to be kept.
#[derive(Debug, Clone)]
pub struct NewResponse<'a> {
    pub survey_id: i64,
    pub version: i64,
    pub wave_id: i64,
    pub group_id: i64,
    pub locale: &'a str,
    pub channel: &'a str,
    pub import_id: Option<i64>,
    pub submitted_on: &'a str,
    pub answers: &'a str,
    /// Free text as a JSON object, kept apart.
    pub free_text: Option<&'a str>,
    pub flagged: bool,
}

/// Responses with the same answers in one wave, group, locale and channel, counted.
#[derive(Debug, Clone)]
pub struct AnswerCount {
    pub wave: String,
    pub group: String,
    pub locale: String,
    pub channel: String,
    pub answers: String,
    pub count: i64,
}

/// A response flagged as a near-duplicate, for review.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FlaggedResponse {
    pub id: i64,
    pub wave: String,
    pub group: String,
    pub channel: String,
    pub submitted_on: String,
    #[schema(value_type = Object)]
    pub answers: serde_json::Value,
}

fn survey(r: &sqlx::any::AnyRow) -> Result<SurveyRecord, StoreError> {
    Ok(SurveyRecord {
        id: r.try_get("id")?,
        key: r.try_get("key")?,
        name: r.try_get("name")?,
        campaign_id: r.try_get("campaign_id")?,
        free_text: r.try_get::<i64, _>("free_text")? != 0,
        version: r.try_get("current_version")?,
        definition: r.try_get("definition")?,
        created_at: r.try_get("created_at")?,
    })
}

const SURVEY: &str = "SELECT s.id, s.key, s.name, s.campaign_id, s.free_text, s.current_version, \
     v.definition, s.created_at FROM surveys s \
     JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version";

impl Store {
    /// Each import's file name and format (`google-forms`, `kobo`, `demo`), once each, in order.
    pub async fn survey_import_sources(
        &self,
        survey_id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT file_name, format FROM survey_imports WHERE survey_id = $1 \
             ORDER BY file_name, format",
        )
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("file_name")?, r.try_get("format")?)))
            .collect()
    }

    /// Every response's submission day, in order (for checks: only the day is kept).
    pub async fn survey_submission_days(&self, survey_id: i64) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT submitted_on FROM survey_responses WHERE survey_id = $1 ORDER BY submitted_on, id",
        )
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok(r.try_get("submitted_on")?))
            .collect()
    }

    /// The latest day a counted response was submitted on, `YYYY-MM-DD`.
    pub async fn survey_latest_day(&self, survey_id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query(
            "SELECT MAX(submitted_on) AS day FROM survey_responses WHERE survey_id = $1 AND flagged = 0",
        )
        .bind(survey_id)
        .fetch_one(self.pool())
        .await?
        .try_get("day")?)
    }

    pub async fn surveys(&self) -> Result<Vec<SurveyRecord>, StoreError> {
        let rows = sqlx::query(&format!("{SURVEY} ORDER BY s.id"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(survey).collect()
    }

    pub async fn survey(&self, id: i64) -> Result<Option<SurveyRecord>, StoreError> {
        let row = sqlx::query(&format!("{SURVEY} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(survey).transpose()
    }

    pub async fn survey_by_key(&self, key: &str) -> Result<Option<SurveyRecord>, StoreError> {
        let row = sqlx::query(&format!("{SURVEY} WHERE s.key = $1"))
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(survey).transpose()
    }

    /// A survey's earlier definitions too, by version.
    pub async fn survey_versions(&self, id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, definition FROM survey_versions WHERE survey_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("version")?, r.try_get("definition")?)))
            .collect()
    }

    pub async fn survey_waves(&self, survey_id: i64) -> Result<Vec<Wave>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, key, phase, opens_on, closes_on FROM survey_waves WHERE survey_id = $1 \
             ORDER BY opens_on, id",
        )
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Wave {
                    id: r.try_get("id")?,
                    key: r.try_get("key")?,
                    phase: r.try_get("phase")?,
                    opens_on: r.try_get("opens_on")?,
                    closes_on: r.try_get("closes_on")?,
                })
            })
            .collect()
    }

    pub async fn survey_groups(&self, survey_id: i64) -> Result<Vec<Group>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, key, role, name, region_id FROM survey_groups WHERE survey_id = $1 \
             ORDER BY role DESC, id",
        )
        .bind(survey_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Group {
                    id: r.try_get("id")?,
                    key: r.try_get("key")?,
                    role: r.try_get("role")?,
                    name: r.try_get("name")?,
                    region_id: r.try_get("region_id")?,
                })
            })
            .collect()
    }

    /// How many responses answered `version` of a survey (any version when `None`).
    pub async fn survey_response_count(
        &self,
        survey_id: i64,
        version: Option<i64>,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM survey_responses WHERE survey_id = $1 \
             AND ($2 IS NULL OR version = $2)",
        )
        .bind(survey_id)
        .bind(version)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("n")?)
    }

    /// A survey's responses counted by wave, group, locale, channel and answers text: one pass over the
    /// responses, a few hundred rows back. Flagged near-duplicates are left out unless `flagged`.
    pub async fn survey_answer_counts(
        &self,
        survey_id: i64,
        flagged: bool,
    ) -> Result<Vec<AnswerCount>, StoreError> {
        let rows = sqlx::query(
            "SELECT w.key AS wave, g.key AS grp, c.locale, c.channel, c.answers, c.n FROM ( \
               SELECT wave_id, group_id, locale, channel, answers, COUNT(*) AS n \
               FROM survey_responses WHERE survey_id = $1 AND (flagged = 0 OR $2 = 1) \
               GROUP BY wave_id, group_id, locale, channel, answers) c \
             JOIN survey_waves w ON w.id = c.wave_id JOIN survey_groups g ON g.id = c.group_id \
             ORDER BY w.key, g.key, c.locale, c.channel, c.answers",
        )
        .bind(survey_id)
        .bind(i64::from(flagged))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AnswerCount {
                    wave: r.try_get("wave")?,
                    group: r.try_get("grp")?,
                    locale: r.try_get("locale")?,
                    channel: r.try_get("channel")?,
                    answers: r.try_get("answers")?,
                    count: r.try_get("n")?,
                })
            })
            .collect()
    }

    /// Responses flagged as near-duplicates and not yet reviewed (the first `limit`), and how many.
    pub async fn flagged_responses(
        &self,
        survey_id: i64,
        limit: i64,
    ) -> Result<(Vec<FlaggedResponse>, i64), StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, w.key AS wave, g.key AS grp, r.channel, r.submitted_on, r.answers \
             FROM survey_responses r JOIN survey_waves w ON w.id = r.wave_id \
             JOIN survey_groups g ON g.id = r.group_id \
             WHERE r.survey_id = $1 AND r.flagged = 1 ORDER BY r.id LIMIT $2",
        )
        .bind(survey_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let list = rows
            .iter()
            .map(|r| {
                let answers: String = r.try_get("answers")?;
                Ok(FlaggedResponse {
                    id: r.try_get("id")?,
                    wave: r.try_get("wave")?,
                    group: r.try_get("grp")?,
                    channel: r.try_get("channel")?,
                    submitted_on: r.try_get("submitted_on")?,
                    answers: serde_json::from_str(&answers).unwrap_or(serde_json::Value::Null),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let n = sqlx::query(
            "SELECT COUNT(*) AS n FROM survey_responses WHERE survey_id = $1 AND flagged = 1",
        )
        .bind(survey_id)
        .fetch_one(self.pool())
        .await?
        .try_get("n")?;
        Ok((list, n))
    }

    /// Free-text answers of a survey's responses (analysts only), newest first.
    pub async fn survey_free_text(
        &self,
        survey_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.response_id, f.answers FROM survey_free_text f \
             JOIN survey_responses r ON r.id = f.response_id WHERE r.survey_id = $1 \
             ORDER BY f.response_id DESC LIMIT $2",
        )
        .bind(survey_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("response_id")?, r.try_get("answers")?)))
            .collect()
    }

    /// The saved column mapping of a survey's imports in `format`, as JSON.
    pub async fn survey_mapping(
        &self,
        survey_id: i64,
        format: &str,
    ) -> Result<Option<String>, StoreError> {
        let row =
            sqlx::query("SELECT mapping FROM survey_mappings WHERE survey_id = $1 AND format = $2")
                .bind(survey_id)
                .bind(format)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|r| r.try_get("mapping")).transpose()?)
    }
}

impl Tx {
    /// Keeps a new survey and its first version; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_survey(
        &mut self,
        key: &str,
        name: &str,
        campaign_id: Option<i64>,
        free_text: bool,
        definition: &str,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query(
            "INSERT INTO surveys (key, name, campaign_id, free_text, current_version, created_by, \
             created_at) VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id",
        )
        .bind(key)
        .bind(name)
        .bind(campaign_id)
        .bind(i64::from(free_text))
        .bind(created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?
        .try_get("id")?;
        self.put_survey_version(id, 1, definition, at).await?;
        Ok(id)
    }

    /// Writes a survey's definition as `version` (a new version, or the current one again while it has
    /// no answers), and makes it current.
    pub async fn put_survey_version(
        &mut self,
        survey_id: i64,
        version: i64,
        definition: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO survey_versions (survey_id, version, definition, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (survey_id, version) DO UPDATE SET \
             definition = excluded.definition, created_at = excluded.created_at",
        )
        .bind(survey_id)
        .bind(version)
        .bind(definition)
        .bind(at)
        .execute(self.conn())
        .await?;
        sqlx::query("UPDATE surveys SET current_version = $2 WHERE id = $1")
            .bind(survey_id)
            .bind(version)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Whether `version` of a survey has answers, read inside the transaction that may replace it.
    /// The words of a survey's `version` as they stand in this transaction, for a response about to be
    /// kept under it. On PostgreSQL the version's row is locked against [`Tx::lock_survey_version`]
    /// until this transaction ends, so an edit cannot rewrite it while answers to it are being kept;
    /// SQLite's single writer serialises the two already.
    pub async fn survey_version_definition(
        &mut self,
        survey_id: i64,
        version: i64,
    ) -> Result<Option<String>, StoreError> {
        let lock = if self.conn().backend_name() == "PostgreSQL" {
            " FOR SHARE"
        } else {
            ""
        };
        let row = sqlx::query(&format!(
            "SELECT definition FROM survey_versions WHERE survey_id = $1 AND version = $2{lock}"
        ))
        .bind(survey_id)
        .bind(version)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.map(|r| r.try_get("definition")).transpose()?)
    }

    /// PostgreSQL: locks a survey's `version` row for an edit, before asking whether it has answers, so
    /// no response is kept under it between the question and the rewrite. Nothing on SQLite.
    pub async fn lock_survey_version(
        &mut self,
        survey_id: i64,
        version: i64,
    ) -> Result<(), StoreError> {
        if self.conn().backend_name() == "PostgreSQL" {
            sqlx::query(
                "SELECT version FROM survey_versions WHERE survey_id = $1 AND version = $2 FOR UPDATE",
            )
            .bind(survey_id)
            .bind(version)
            .fetch_optional(self.conn())
            .await?;
        }
        Ok(())
    }

    pub async fn survey_version_answered(
        &mut self,
        survey_id: i64,
        version: i64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = $1 AND version = $2) AS e",
        )
        .bind(survey_id)
        .bind(version)
        .fetch_one(self.conn())
        .await?;
        Ok(row
            .try_get::<bool, _>("e")
            .or_else(|_| row.try_get::<i64, _>("e").map(|v| v != 0))?)
    }

    pub async fn insert_survey_wave(
        &mut self,
        survey_id: i64,
        key: &str,
        phase: &str,
        opens_on: &str,
        closes_on: &str,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO survey_waves (survey_id, key, phase, opens_on, closes_on) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(survey_id)
        .bind(key)
        .bind(phase)
        .bind(opens_on)
        .bind(closes_on)
        .fetch_one(self.conn())
        .await?
        .try_get("id")?)
    }

    pub async fn insert_survey_group(
        &mut self,
        survey_id: i64,
        key: &str,
        role: &str,
        name: &str,
        region_id: Option<i64>,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO survey_groups (survey_id, key, role, name, region_id) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(survey_id)
        .bind(key)
        .bind(role)
        .bind(name)
        .bind(region_id)
        .fetch_one(self.conn())
        .await?
        .try_get("id")?)
    }

    /// Spends a form token: `false` when it was spent before (the form was sent already).
    pub async fn spend_form_token(&mut self, nonce: &str, day: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO survey_form_tokens (nonce, used_on) VALUES ($1, $2) \
             ON CONFLICT (nonce) DO NOTHING",
        )
        .bind(nonce)
        .bind(day)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Spends many form tokens of `day` at once (distinct nonces): returns those spent now, leaving out
    /// those spent before.
    pub async fn spend_form_tokens(
        &mut self,
        nonces: &[&str],
        day: &str,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut spent = std::collections::HashSet::with_capacity(nonces.len());
        let per = self.rows_per_statement(1);
        for chunk in nonces.chunks(per) {
            let mut sql = String::from("INSERT INTO survey_form_tokens (nonce, used_on) VALUES ");
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("(${}, $1)", i + 2));
            }
            sql.push_str(" ON CONFLICT (nonce) DO NOTHING RETURNING nonce");
            let mut q = sqlx::query(&sql).bind(day);
            for n in chunk {
                q = q.bind(*n);
            }
            for row in q.fetch_all(self.conn()).await? {
                spent.insert(row.try_get::<String, _>("nonce")?);
            }
        }
        Ok(spent)
    }

    /// Keeps many responses without free text at once (their ids are not needed).
    pub async fn insert_responses(&mut self, rows: &[NewResponse<'_>]) -> Result<(), StoreError> {
        let per = self.rows_per_statement(10);
        for chunk in rows.chunks(per) {
            let mut sql = String::from(
                "INSERT INTO survey_responses (survey_id, version, wave_id, group_id, locale, channel, \
                 import_id, submitted_on, answers, flagged) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 10;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8,
                    b + 9,
                    b + 10
                ));
            }
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q
                    .bind(r.survey_id)
                    .bind(r.version)
                    .bind(r.wave_id)
                    .bind(r.group_id)
                    .bind(r.locale)
                    .bind(r.channel)
                    .bind(r.import_id)
                    .bind(r.submitted_on)
                    .bind(r.answers)
                    .bind(i64::from(r.flagged));
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Keeps a response (and its free text apart); returns its id.
    pub async fn insert_response(&mut self, r: &NewResponse<'_>) -> Result<i64, StoreError> {
        let id: i64 = sqlx::query(
            "INSERT INTO survey_responses (survey_id, version, wave_id, group_id, locale, channel, \
             import_id, submitted_on, answers, flagged) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(r.survey_id)
        .bind(r.version)
        .bind(r.wave_id)
        .bind(r.group_id)
        .bind(r.locale)
        .bind(r.channel)
        .bind(r.import_id)
        .bind(r.submitted_on)
        .bind(r.answers)
        .bind(i64::from(r.flagged))
        .fetch_one(self.conn())
        .await?
        .try_get("id")?;
        if let Some(text) = r.free_text {
            sqlx::query("INSERT INTO survey_free_text (response_id, answers) VALUES ($1, $2)")
                .bind(id)
                .bind(text)
                .execute(self.conn())
                .await?;
        }
        Ok(id)
    }

    /// Settles a flagged response: kept (`keep`, the flag cleared) or removed. `false` when there was no
    /// such flagged response.
    pub async fn settle_flagged(
        &mut self,
        survey_id: i64,
        response_id: i64,
        keep: bool,
    ) -> Result<bool, StoreError> {
        let sql = if keep {
            "UPDATE survey_responses SET flagged = 0 WHERE id = $1 AND survey_id = $2 AND flagged = 1"
        } else {
            "DELETE FROM survey_responses WHERE id = $1 AND survey_id = $2 AND flagged = 1"
        };
        let done = sqlx::query(sql)
            .bind(response_id)
            .bind(survey_id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn put_survey_mapping(
        &mut self,
        survey_id: i64,
        format: &str,
        mapping: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO survey_mappings (survey_id, format, mapping, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (survey_id, format) DO UPDATE SET \
             mapping = excluded.mapping, updated_at = excluded.updated_at",
        )
        .bind(survey_id)
        .bind(format)
        .bind(mapping)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_survey_import(
        &mut self,
        survey_id: i64,
        file_name: &str,
        format: &str,
        rows: i64,
        flagged: i64,
        created_by: Option<i64>,
        at: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query(
            "INSERT INTO survey_imports (survey_id, file_name, format, rows, flagged, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(survey_id)
        .bind(file_name)
        .bind(format)
        .bind(rows)
        .bind(flagged)
        .bind(created_by)
        .bind(at)
        .fetch_one(self.conn())
        .await?
        .try_get("id")?)
    }
}
