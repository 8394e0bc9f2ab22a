//! Partners' regions, contacts and red-flag packs: the use cases behind the partner pages and API and
//! `beacon pack render`. A pack is a sector's toolkit in one locale for one region, with the region's
//! hotspots as the disclosure policy publishes them, its map, a QR code and the configured contacts; each
//! rendering whose content differs from the latest is kept as a new version, HTML and PDF.

use std::sync::Arc;

use h3o::{CellIndex, LatLng, Resolution};
use sha2::{Digest, Sha256};

use super::audit::AuditEvent;
use super::error::ServiceError;
use super::jobs::JobFailure;
use super::{Actor, Services};
use crate::accounts::Permission;
use crate::audience::cellset::CellSet;
use crate::content::i18n::{ArgValue, LocaleId};
use crate::identify::analysis::privacy::Tally;
use crate::identify::incidents::IncidentFilter;
use crate::map::{self, MapOptions, Scale};
use crate::message::Message;
use crate::packs::training::TrainingTotals;
use crate::packs::{self, HotspotRow, LocalContact, PackContent, PackFacts, contacts};
use crate::report::pack::PackRenderer;
use crate::store::packs::{ContactRow, NewPack, NewTraining, PackRow, PackSendRow, TrainingRow};
use crate::subscribers::import::ImportRefusal;
use crate::subscribers::{LinkError, Purpose};

/// The most rows a pack's hotspot table lists (the map shows every published cell).
pub const MAX_HOTSPOT_ROWS: usize = 12;

/// Partners' regions, contacts and packs.
pub struct Packs<'a>(pub(super) &'a Services);

/// A contact as a form or the API gives them.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    /// What they do at the partner ("Branch manager").
    pub role: String,
    /// A language Beacon has.
    pub locale: String,
}

/// A pack's words and map as they are now, and the version it would be.
struct Composed {
    content: PackContent,
    map_svg: String,
    region_id: i64,
    sector: String,
    version: i64,
}

/// A quiz's result: correct answers out of answers given.
#[derive(Debug, Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuizInput {
    pub correct: i64,
    pub answers: i64,
}

/// A training session as a partner reports it.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingInput {
    /// The day it was held, `YYYY-MM-DD`; not in the future.
    pub held_on: String,
    /// How many staff took part (1 to 100,000).
    pub staff_trained: i64,
    /// The pack used: one of the partner's.
    pub pack_id: i64,
    /// The campaign it was part of, if any.
    #[serde(default)]
    pub campaign_id: Option<i64>,
    /// The quiz before the session, if one was held.
    #[serde(default)]
    pub quiz_before: Option<QuizInput>,
    /// The quiz after the session, if one was held.
    #[serde(default)]
    pub quiz_after: Option<QuizInput>,
}

/// What rendering a pack did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Rendered {
    pub pack: PackRow,
    /// False when the content was the same as the latest version's (that version is returned).
    pub new_version: bool,
}

impl Packs<'_> {
    /// The pack templates, loaded and checked on first use (`App::build` asks at start-up, so a broken
    /// template stops Beacon with its file and line).
    pub async fn renderer(&self) -> Result<Arc<PackRenderer>, ServiceError> {
        let s = self.0;
        s.pack_renderer
            .get_or_try_init(|| async {
                let dir = s.config.paths.templates.clone();
                tokio::task::spawn_blocking(move || PackRenderer::load(&dir))
                    .await
                    .map_err(|e| ServiceError::Internal(e.into()))?
                    .map(Arc::new)
                    .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))
            })
            .await
            .cloned()
    }

    /// Whether `actor` may read this partner's packs: staff who plan with partners, or its own accounts.
    fn may_read(actor: &Actor, partner_id: i64) -> bool {
        actor.can(Permission::ListPartners)
            || (actor.can(Permission::ViewOwnPartner) && Self::is_own(actor, partner_id))
    }

    /// Whether `actor` is an account of this partner.
    fn is_own(actor: &Actor, partner_id: i64) -> bool {
        matches!(actor, Actor::Staff { partner_id: Some(p), .. } if *p == partner_id)
    }

    async fn partner(&self, partner_id: i64) -> Result<crate::accounts::Partner, ServiceError> {
        self.0
            .store
            .partner_by_id(partner_id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("no such partner organisation".into()))
    }

    /// Sets the regions a partner serves (campaign staff).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn set_regions(
        &self,
        actor: &Actor,
        partner_id: i64,
        region_ids: &[i64],
    ) -> Result<Vec<(i64, String)>, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        self.partner(partner_id).await?;
        let s = self.0;
        let mut ids = region_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() > 100 {
            return Err(ServiceError::invalid(
                "region_ids",
                Message::new("refused-too-many").number("max", 100.0),
            ));
        }
        for id in &ids {
            if s.store.region_by_id(*id).await?.is_none() {
                return Err(ServiceError::invalid(
                    "region_ids",
                    Message::new("refused-no-region").number("id", *id as f64),
                ));
            }
        }
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.set_partner_regions(partner_id, &ids).await?;
        let event = AuditEvent::PartnerRegionsSet {
            partner_id,
            regions: ids.len() as u64,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(s.store.partner_regions(partner_id).await?)
    }

    /// The regions a partner serves.
    pub async fn regions(
        &self,
        actor: &Actor,
        partner_id: i64,
    ) -> Result<Vec<(i64, String)>, ServiceError> {
        if !Self::may_read(actor, partner_id) {
            return Err(not_yours());
        }
        Ok(self.0.store.partner_regions(partner_id).await?)
    }

    /// A partner's contacts (campaign staff).
    pub async fn contacts(
        &self,
        actor: &Actor,
        partner_id: i64,
    ) -> Result<Vec<ContactRow>, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        self.partner(partner_id).await?;
        Ok(self.0.store.partner_contacts(partner_id).await?)
    }

    pub fn locale_codes(&self) -> Vec<String> {
        self.0
            .locales
            .available()
            .map(|l| l.as_str().to_string())
            .filter(|l| l != "en-XA")
            .collect()
    }

    /// Adds one contact; an address the partner already has is refused on `email`.
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn add_contact(
        &self,
        actor: &Actor,
        partner_id: i64,
        input: &ContactInput,
    ) -> Result<ContactRow, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        self.partner(partner_id).await?;
        let c = contacts::check(
            &input.name,
            &input.email,
            &input.role,
            &input.locale,
            &self.locale_codes(),
        )
        .map_err(|problems| {
            let (field, reason) = problems.into_iter().next().unwrap_or((
                "email",
                Message::new("subscriber-bad-address").text("value", ""),
            ));
            ServiceError::invalid(field, reason)
        })?;
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        // An address the partner has already is the unique constraint's to refuse (on `email`).
        let contact = tx
            .insert_contact(partner_id, &c.name, &c.email, &c.role, &c.locale, at)
            .await?;
        let event = AuditEvent::ContactsAdded {
            partner_id,
            file: None,
            added: 1,
            already: 0,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(contact)
    }

    /// Imports a contacts file, all or nothing: every bad row named, or every new contact added in one
    /// transaction (addresses the partner already has are left as they are, and counted).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn import_contacts(
        &self,
        actor: &Actor,
        partner_id: i64,
        bytes: Vec<u8>,
        file: &str,
    ) -> Result<Result<(u64, u64), ImportRefusal>, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        self.partner(partner_id).await?;
        let locales = self.locale_codes();
        let name = file.to_string();
        let parsed = tokio::task::spawn_blocking(move || contacts::parse(&bytes, &name, &locales))
            .await
            .map_err(|e| ServiceError::Internal(e.into()))?;
        let rows = match parsed {
            Ok(rows) => rows,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let existing: std::collections::HashSet<String> = tx
            .existing_contacts(partner_id)
            .await?
            .into_iter()
            .collect();
        let mut added = 0;
        for r in rows.iter().filter(|r| !existing.contains(&r.email)) {
            tx.insert_contact(partner_id, &r.name, &r.email, &r.role, &r.locale, at)
                .await?;
            added += 1;
        }
        let already = rows.len() as u64 - added;
        let event = AuditEvent::ContactsAdded {
            partner_id,
            file: Some(file.to_string()),
            added,
            already,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(Ok((added, already)))
    }

    /// A partner's contacts as CSV in the import's columns (audited with the count).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn export_contacts(
        &self,
        actor: &Actor,
        partner_id: i64,
    ) -> Result<Vec<u8>, ServiceError> {
        let rows = self.contacts(actor, partner_id).await?;
        let csv = contacts::to_csv(
            &rows
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        c.email.clone(),
                        c.role.clone(),
                        c.locale.clone(),
                    )
                })
                .collect::<Vec<_>>(),
        );
        let event = AuditEvent::ContactsExported {
            partner_id,
            count: rows.len() as u64,
        };
        self.0.accounts().record(actor, event).await?;
        Ok(csv)
    }

    /// Removes a contact and everything held about them (their downloads are kept as counts only).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn remove_contact(
        &self,
        actor: &Actor,
        partner_id: i64,
        contact_id: i64,
    ) -> Result<(), ServiceError> {
        actor.require(Permission::ManagePacks)?;
        let s = self.0;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        if tx.delete_contact(partner_id, contact_id).await?.is_none() {
            return Err(ServiceError::NotFound("no such contact".into()));
        }
        let event = AuditEvent::ContactRemoved { partner_id };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The region a pack is for: the one named (which the partner must serve), or the partner's only one.
    async fn pack_region(
        &self,
        partner_id: i64,
        region_id: Option<i64>,
    ) -> Result<(i64, String), ServiceError> {
        let served = self.0.store.partner_regions(partner_id).await?;
        match region_id {
            Some(id) => served.into_iter().find(|(r, _)| *r == id).ok_or_else(|| {
                ServiceError::invalid("region_id", Message::new("refused-pack-region-not-served"))
            }),
            None if served.len() == 1 => Ok(served.into_iter().next().unwrap_or_default()),
            None if served.is_empty() => Err(ServiceError::invalid(
                "region_id",
                Message::new("refused-pack-no-region"),
            )),
            None => Err(ServiceError::invalid(
                "region_id",
                Message::new("refused-pack-name-region").number("count", served.len() as f64),
            )),
        }
    }

    /// One of Beacon's languages, by its code; a 422 naming `locale` and listing them otherwise.
    fn find_locale(&self, locale: &str) -> Result<LocaleId, ServiceError> {
        self.0
            .locales
            .available()
            .find(|l| l.as_str().eq_ignore_ascii_case(locale.trim()))
            .ok_or_else(|| {
                ServiceError::invalid(
                    "locale",
                    Message::new("subscriber-import-locale")
                        .text("value", locale)
                        .text("locales", self.locale_codes().join(", ")),
                )
            })
    }

    /// A sector's toolkit in one language, as any pack of that sector says it (without a partner, a
    /// region or its figures): for translators and campaign staff to read, with the sections that fall
    /// back to another language named.
    pub async fn toolkit(
        &self,
        actor: &Actor,
        sector: &str,
        locale: &str,
    ) -> Result<PackContent, ServiceError> {
        actor.require(Permission::ListPartners)?;
        let s = self.0;
        if !crate::accounts::PARTNER_SECTORS.contains(&sector) {
            return Err(ServiceError::invalid(
                "sector",
                Message::new("refused-choice")
                    .text("value", sector)
                    .text("choices", crate::accounts::PARTNER_SECTORS.join(", ")),
            ));
        }
        let locale = self.find_locale(locale)?;
        let cfg = &s.config.packs;
        let facts = PackFacts {
            partner: String::new(),
            sector: sector.to_string(),
            region: String::new(),
            date: s.clock.now().date().to_string(),
            version: 1,
            organisation: cfg.organisation.clone(),
            emergency_number: cfg.emergency_number.clone(),
            helpline_name: cfg.helpline_name.clone(),
            helpline_number: cfg.helpline_number.clone(),
            local_contacts: Vec::new(),
            hotspots: Vec::new(),
            k: u64::from(s.config.privacy.k),
            link: String::new(),
            survey: None,
        };
        Ok(packs::content(&s.locales, &locale, &facts))
    }

    /// The pack's words, map and facts for a partner, locale and region, as they are now.
    async fn compose(
        &self,
        partner_id: i64,
        locale: &str,
        region_id: Option<i64>,
    ) -> Result<Composed, ServiceError> {
        let s = self.0;
        let partner = self.partner(partner_id).await?;
        let locale = self.find_locale(locale)?;
        let (region_id, region_name) = self.pack_region(partner_id, region_id).await?;
        let (_, cells) = s.audiences().load_region(region_id).await?;
        let policy = s.disclosure().await?.clone();
        let k = policy.k();
        let points = s.store.incident_points(&IncidentFilter::default()).await?;
        let resolution =
            Resolution::try_from(s.config.privacy.shared_resolution).unwrap_or(Resolution::Seven);
        let places = s.places.clone();
        let locales = s.locales.clone();
        let map_locale = locale.clone();
        let map_title = region_name.clone();
        let (hotspots, map_svg) = tokio::task::spawn_blocking(move || {
            hotspots_and_map(
                &points,
                &cells,
                resolution,
                &policy,
                &places,
                &locales,
                &map_locale,
                &map_title,
            )
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?;
        let mut tx = s.store.begin().await?;
        let latest = tx
            .latest_pack(partner_id, region_id, locale.as_str())
            .await?;
        drop(tx);
        let version = latest.map(|(_, v, _)| v + 1).unwrap_or(1);
        let cfg = &s.config.packs;
        let public = s.config.server.public_url.trim_end_matches('/');
        let survey = s
            .surveys()
            .follow_up_link(super::surveys::LinkFor::Region(region_id))
            .await?;
        let facts = PackFacts {
            partner: partner.name.clone(),
            sector: partner.sector.clone(),
            region: region_name.clone(),
            date: s.clock.now().date().to_string(),
            version,
            organisation: cfg.organisation.clone(),
            emergency_number: cfg.emergency_number.clone(),
            helpline_name: cfg.helpline_name.clone(),
            helpline_number: cfg.helpline_number.clone(),
            local_contacts: cfg
                .local_contacts
                .iter()
                .filter(|c| c.region.trim() == region_name)
                .map(|c| LocalContact {
                    name: c.name.clone(),
                    phone: c.phone.clone(),
                    note: c.note.clone(),
                })
                .collect(),
            hotspots,
            k,
            link: format!("{public}/report?lang={}", locale.as_str()),
            survey: survey.map(|l| {
                (
                    l.url(public, "pack", locale.as_str()),
                    l.url(public, "qr", locale.as_str()),
                )
            }),
        };
        let content = packs::content(&s.locales, &locale, &facts);
        Ok(Composed {
            content,
            map_svg,
            region_id,
            sector: partner.sector,
            version,
        })
    }

    /// A pack's words and the region's map (SVG) as they would be issued now, without laying them out.
    pub async fn words(
        &self,
        actor: &Actor,
        partner_id: i64,
        locale: &str,
        region_id: Option<i64>,
    ) -> Result<(PackContent, String), ServiceError> {
        actor.require(Permission::ManagePacks)?;
        let c = self.compose(partner_id, locale, region_id).await?;
        Ok((c.content, c.map_svg))
    }

    /// A pack as HTML, as it would be issued now, without keeping it (campaign staff's preview).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn preview(
        &self,
        actor: &Actor,
        partner_id: i64,
        locale: &str,
        region_id: Option<i64>,
    ) -> Result<String, ServiceError> {
        let (content, map_svg) = self.words(actor, partner_id, locale, region_id).await?;
        let renderer = self.renderer().await?;
        tokio::task::spawn_blocking(move || renderer.html(&content, &map_svg))
            .await
            .map_err(|e| ServiceError::Internal(e.into()))?
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))
    }

    /// Renders a partner's pack for a locale and region and keeps it as a new version when its content
    /// differs from the latest (the same inputs make the same bytes, so an unchanged pack is not a new
    /// version).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn render(
        &self,
        actor: &Actor,
        partner_id: i64,
        locale: &str,
        region_id: Option<i64>,
    ) -> Result<Rendered, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        let s = self.0;
        let Composed {
            content,
            map_svg,
            region_id,
            sector,
            version: made_as,
        } = self.compose(partner_id, locale, region_id).await?;
        let renderer = self.renderer().await?;
        let ident = format!("beacon-pack-{partner_id}-{region_id}-{}", content.locale);
        let (html, pdf, digest, content) = tokio::task::spawn_blocking(move || {
            let html = renderer.html(&content, &map_svg)?;
            let pdf = renderer.pdf(&content, map_svg.as_bytes(), &ident)?;
            // The digest of what the pack says, without its version and issue lines: an unchanged pack
            // is the same pack, whatever the day.
            let mut unversioned = content.clone();
            unversioned.version = String::new();
            unversioned.issued = String::new();
            let body = serde_json::to_vec(&unversioned).unwrap_or_default();
            let mut h = Sha256::new();
            h.update(&body);
            h.update(map_svg.as_bytes());
            Ok::<_, crate::report::typeset::TypesetError>((
                html,
                pdf,
                hex::encode(h.finalize()),
                content,
            ))
        })
        .await
        .map_err(|e| ServiceError::Internal(e.into()))?
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        let latest = tx
            .latest_pack(partner_id, region_id, &content.locale)
            .await?;
        if let Some((id, _, sha)) = &latest
            && *sha == digest
        {
            drop(tx);
            let pack = s
                .store
                .pack_by_id(*id)
                .await?
                .ok_or_else(|| ServiceError::NotFound("no such pack".into()))?;
            return Ok(Rendered {
                pack,
                new_version: false,
            });
        }
        let version = latest.map(|(_, v, _)| v + 1).unwrap_or(1);
        if version != made_as {
            // Another rendering took the version this one was made with: nothing is kept twice.
            drop(tx);
            return Err(ServiceError::Conflict(
                Message::new("refused-pack-rendered-meanwhile").into(),
            ));
        }
        let id = tx
            .insert_pack(&NewPack {
                partner_id,
                region_id,
                locale: &content.locale,
                version,
                sector: &sector,
                campaign_id: None,
                languages: &content.section_locales,
                sha256: &digest,
                html: &html,
                pdf: &pdf,
                created_by: actor.user_id(),
                created_at: at,
            })
            .await?;
        let event = AuditEvent::PackRendered {
            partner_id,
            pack_id: id,
            locale: content.locale.clone(),
            version,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        let pack = s
            .store
            .pack_by_id(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound("no such pack".into()))?;
        Ok(Rendered {
            pack,
            new_version: true,
        })
    }

    /// A partner's packs, every version, newest first (staff who plan with partners, or its own accounts).
    pub async fn list(&self, actor: &Actor, partner_id: i64) -> Result<Vec<PackRow>, ServiceError> {
        if !Self::may_read(actor, partner_id) {
            return Err(not_yours());
        }
        self.partner(partner_id).await?;
        Ok(self.0.store.partner_packs(partner_id).await?)
    }

    /// One pack's file (PDF or HTML), each download recorded. A partner account gets only its own.
    #[tracing::instrument(skip_all, fields(pack_id))]
    pub async fn download(
        &self,
        actor: &Actor,
        pack_id: i64,
        pdf: bool,
    ) -> Result<(PackRow, Vec<u8>), ServiceError> {
        let s = self.0;
        let pack = s.store.pack_by_id(pack_id).await?;
        // The same answer for a pack that does not exist and one of another partner.
        let Some(pack) = pack.filter(|p| Self::may_read(actor, p.partner_id)) else {
            return Err(ServiceError::NotFound("no such pack".into()));
        };
        let bytes = s
            .store
            .pack_file(pack_id, pdf)
            .await?
            .ok_or_else(|| ServiceError::NotFound("no such pack".into()))?;
        let at = s.clock.unix();
        let mut tx = s.store.begin().await?;
        tx.record_pack_download(
            pack_id,
            None,
            "account",
            if pdf { "pdf" } else { "html" },
            at,
        )
        .await?;
        tx.commit().await?;
        Ok((pack, bytes))
    }
}

impl Packs<'_> {
    /// Records a training session: by the partner's own accounts, or by campaign staff for them (audited).
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn report_training(
        &self,
        actor: &Actor,
        partner_id: i64,
        input: &TrainingInput,
    ) -> Result<TrainingRow, ServiceError> {
        if !(actor.can(Permission::ManagePacks)
            || (actor.can(Permission::ViewOwnPartner) && Self::is_own(actor, partner_id)))
        {
            return Err(not_yours());
        }
        self.partner(partner_id).await?;
        let s = self.0;
        let held_on = s.past_day("held_on", &input.held_on)?;
        if !(1..=100_000).contains(&input.staff_trained) {
            return Err(ServiceError::invalid(
                "staff_trained",
                Message::new("refused-training-staff").number("max", 100_000.0),
            ));
        }
        let quiz = |field: &str, q: Option<QuizInput>| match q {
            None => Ok(None),
            Some(q)
                if q.answers >= 1
                    && q.answers <= 10_000_000
                    && (0..=q.answers).contains(&q.correct) =>
            {
                Ok(Some((q.correct, q.answers)))
            }
            Some(_) => Err(ServiceError::invalid(
                field,
                Message::new("refused-training-quiz"),
            )),
        };
        let before = quiz("quiz_before", input.quiz_before)?;
        let after = quiz("quiz_after", input.quiz_after)?;
        let pack = s
            .store
            .pack_by_id(input.pack_id)
            .await?
            .filter(|p| p.partner_id == partner_id)
            .ok_or_else(|| {
                ServiceError::invalid("pack_id", Message::new("refused-training-pack"))
            })?;
        if let Some(c) = input.campaign_id
            && s.store.campaign_state(c).await?.is_none()
        {
            return Err(ServiceError::invalid(
                "campaign_id",
                Message::new("refused-no-campaign").number("id", c as f64),
            ));
        }
        let at = s.clock.unix();
        let held = held_on.to_string();
        let mut tx = s.store.begin().await?;
        let id = tx
            .insert_training(&NewTraining {
                partner_id,
                pack_id: pack.id,
                campaign_id: input.campaign_id,
                held_on: &held,
                staff_trained: input.staff_trained,
                before,
                after,
                reported_by: actor.user_id(),
                created_at: at,
            })
            .await?;
        let event = AuditEvent::TrainingReported {
            partner_id,
            training_id: id,
            staff: input.staff_trained as u64,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        s.store
            .trainings(Some(partner_id))
            .await?
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| ServiceError::NotFound("no such training".into()))
    }

    /// A partner's training sessions, newest first (its own accounts, or staff who plan with partners).
    pub async fn trainings(
        &self,
        actor: &Actor,
        partner_id: i64,
    ) -> Result<Vec<TrainingRow>, ServiceError> {
        if !Self::may_read(actor, partner_id) {
            return Err(not_yours());
        }
        self.partner(partner_id).await?;
        Ok(self.0.store.trainings(Some(partner_id)).await?)
    }

    /// Staff trained per partner, sector, region and campaign, and the quiz change (staff who plan with
    /// partners or evaluate).
    pub async fn training_totals(&self, actor: &Actor) -> Result<TrainingTotals, ServiceError> {
        actor.require(Permission::ListPartners)?;
        let rows = self.0.store.trainings(None).await?;
        Ok(crate::packs::training::totals(&rows))
    }
}

fn not_yours() -> ServiceError {
    ServiceError::Forbidden("this partner organisation is not yours".into())
}

/// The region's incidents as the disclosure policy publishes them at `resolution`, each area named after
/// its nearest settlement, and the region's map with them.
#[allow(clippy::too_many_arguments)]
fn hotspots_and_map(
    points: &[crate::identify::analysis::IncidentPoint],
    region: &CellSet,
    resolution: Resolution,
    policy: &crate::identify::analysis::privacy::Disclosure,
    places: &crate::places::Places,
    locales: &crate::content::i18n::Locales,
    locale: &LocaleId,
    region_name: &str,
) -> (Vec<HotspotRow>, String) {
    let mut tallies: std::collections::HashMap<CellIndex, Tally> = Default::default();
    for p in points {
        let Ok(cell) = CellIndex::try_from(p.cell as u64) else {
            continue;
        };
        let inside = cell
            .parent(region.resolution())
            .is_some_and(|c| region.contains(c));
        if !inside {
            continue;
        }
        if let Some(shared) = cell.parent(resolution) {
            tallies.entry(shared).or_default().add(Tally::record(p.id));
        }
    }
    let tallies: Vec<_> = tallies.into_iter().collect();
    let published = policy.publish_cells(&tallies);
    // Areas are named after their nearest town; a town's published cells are added up (each is at
    // least k, so the sum is too, and it says no more than the cells do).
    let mut by_area: std::collections::BTreeMap<String, u64> = Default::default();
    for c in published.cells.iter().filter(|c| c.count > 0) {
        *by_area
            .entry(nearest_place(places, LatLng::from(c.cell)))
            .or_default() += c.count;
    }
    let mut rows: Vec<HotspotRow> = by_area
        .into_iter()
        .map(|(area, cases)| HotspotRow { area, cases })
        .collect();
    rows.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.area.cmp(&b.area)));
    rows.truncate(MAX_HOTSPOT_ROWS);

    // The region at the shared resolution, each cell with its published count (0 when none is shown).
    let shown = if region.resolution() > resolution {
        CellSet::at_resolution(resolution, region.cells().iter().copied()).0
    } else {
        region.clone()
    };
    let counts: std::collections::HashMap<CellIndex, u64> = published
        .cells
        .iter()
        .filter(|c| !c.remainder)
        .map(|c| (c.cell, c.count))
        .collect();
    let values: Vec<(CellIndex, f64)> = shown
        .cells()
        .iter()
        .map(|c| (*c, counts.get(c).copied().unwrap_or(0) as f64))
        .collect();
    let max = values.iter().map(|v| v.1).fold(1.0, f64::max);
    let title = locales.format_with(
        locale,
        "pack-hotspots-heading",
        &[("region", ArgValue::Text(region_name.to_string()))],
    );
    let mut options = MapOptions::new(title, Scale::Sequential { min: 0.0, max });
    options.width = 720;
    options.height = 480;
    options.legend_title = locales.format(locale, "pack-hotspots-cases", None);
    options.words = map::words(locales, locale);
    options.description = locales.format(locale, "pack-map-caption", None);
    (rows, map::render_cells(&values, &options))
}

/// "Wisbech": the settlement nearest a point, from the gazetteer.
fn nearest_place(places: &crate::places::Places, at: LatLng) -> String {
    places
        .gazetteer
        .settlements
        .iter()
        .map(|s| (crate::geodesy::haversine_km(at, s.position), &s.name))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| at.to_string())
}

/// How long a contact's "no more packs" link in a pack's e-mail stays valid.
pub const STOP_LINK_DAYS: i64 = 400;

/// The one answer for a download link that is changed, cut short, expired or whose contact was removed:
/// nothing about the pack, the partner or the contact.
fn link_refused() -> ServiceError {
    ServiceError::Forbidden("this link is not valid or has expired".into())
}

/// What sending a pack queued.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SendSummary {
    pub region_id: i64,
    pub region_name: String,
    /// Messages queued, one per contact.
    pub queued: u64,
    /// The pack versions sent, one per language (pack ids).
    pub packs: Vec<i64>,
}

impl Packs<'_> {
    /// Sends a partner's pack for a region to each of its contacts by e-mail, each in the contact's
    /// language (the current version, issued first when the content changed), with a signed link that
    /// expires after `packs.link_hours`. Refused when the region has no local contacts configured
    /// (`packs.local_contacts`) or the partner no contacts. The messages go through the job queue.
    #[tracing::instrument(skip_all, fields(partner_id))]
    pub async fn send(
        &self,
        actor: &Actor,
        partner_id: i64,
        region_id: Option<i64>,
    ) -> Result<SendSummary, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        let s = self.0;
        self.partner(partner_id).await?;
        let (region_id, region_name) = self.pack_region(partner_id, region_id).await?;
        if !s
            .config
            .packs
            .local_contacts
            .iter()
            .any(|c| c.region.trim() == region_name)
        {
            return Err(ServiceError::invalid(
                "region_id",
                Message::new("refused-pack-no-local-contacts")
                    .text("region", &region_name)
                    .text("setting", "packs.local_contacts"),
            ));
        }
        let contacts = s.store.partner_contacts(partner_id).await?;
        if contacts.is_empty() {
            return Err(ServiceError::invalid(
                "contacts",
                Message::new("refused-pack-no-contacts"),
            ));
        }
        // One pack per language the contacts read, issued (or the current version) before anything is
        // queued: a failure here queues nothing.
        let mut packs: Vec<(String, i64)> = Vec::new();
        for c in &contacts {
            if packs.iter().all(|(l, _)| *l != c.locale) {
                let rendered = self
                    .render(actor, partner_id, &c.locale, Some(region_id))
                    .await?;
                packs.push((c.locale.clone(), rendered.pack.id));
            }
        }
        let at = s.clock.unix();
        let expires = at + i64::from(s.config.packs.link_hours) * 3600;
        let now = super::jobs::now_ms(s);
        let mut tx = s.store.begin().await?;
        for c in &contacts {
            let pack_id = packs
                .iter()
                .find(|(l, _)| *l == c.locale)
                .map(|(_, id)| *id)
                .unwrap_or_default();
            let send_id = tx
                .insert_pack_send(partner_id, c.id, pack_id, expires, actor.user_id(), at)
                .await?;
            let kind = super::jobs::JobKind::PackSend { send_id };
            tx.enqueue(
                &crate::store::jobs::NewJob {
                    kind: kind.name(),
                    payload: &kind.payload(),
                    idempotency_key: Some(&format!("pack-send-{send_id}")),
                    run_at_ms: now,
                    max_attempts: s.config.jobs.max_attempts,
                },
                now,
            )
            .await?;
        }
        let event = AuditEvent::PackSent {
            partner_id,
            region_id,
            contacts: contacts.len() as u64,
        };
        tx.audit(&event.record(actor, at)).await?;
        tx.commit().await?;
        s.wake_local_worker();
        Ok(SendSummary {
            region_id,
            region_name,
            queued: contacts.len() as u64,
            packs: packs.into_iter().map(|(_, id)| id).collect(),
        })
    }

    /// A partner's pack sends, newest first, with each one's state and downloads (campaign staff).
    pub async fn sends(
        &self,
        actor: &Actor,
        partner_id: i64,
    ) -> Result<Vec<PackSendRow>, ServiceError> {
        actor.require(Permission::ManagePacks)?;
        self.partner(partner_id).await?;
        Ok(self.0.store.pack_sends(partner_id, 500).await?)
    }

    /// Sends one queued pack e-mail (the job queue runs it). The row is marked `sending` before the SMTP
    /// exchange and its outcome written after, so a crash sends again at most this one message; a relay
    /// that fails for now is tried again, a refusal ends it.
    pub async fn send_one(&self, send_id: i64) -> Result<(), JobFailure> {
        use crate::channels::email::{OutgoingEmail, SendError, build_message};
        let s = self.0;
        let Some(send) = s
            .store
            .pack_send(send_id)
            .await
            .map_err(ServiceError::from)?
        else {
            return Ok(()); // the contact was removed meanwhile
        };
        let mut tx = s.store.begin().await.map_err(ServiceError::from)?;
        if !tx
            .claim_pack_send(send_id)
            .await
            .map_err(ServiceError::from)?
        {
            return Ok(()); // sent or failed already
        }
        tx.commit().await.map_err(ServiceError::from)?;
        let partner = self.partner(send.partner_id).await?;
        let keys = s.subscribers().keys().await?;
        let public = s.config.server.public_url.trim_end_matches('/');
        let now = s.clock.unix();
        let download = format!(
            "{public}/packs/d/{}",
            keys.sign(Purpose::PackDownload, send.id, send.expires_at)
        );
        let stop = format!(
            "{public}/u/{}",
            keys.sign(
                Purpose::PackStop,
                send.contact_id,
                now + STOP_LINK_DAYS * 86_400
            )
        );
        let locale = s
            .locales
            .available()
            .find(|l| l.as_str() == send.locale)
            .unwrap_or_else(|| s.locales.negotiate(Some(&send.locale)));
        let until = time::OffsetDateTime::from_unix_timestamp(send.expires_at)
            .map(|t| t.date().to_string())
            .unwrap_or_default();
        let text = |v: &str| ArgValue::Text(v.to_string());
        let t = |id: &str, args: &[(&str, ArgValue)]| s.locales.format_with(&locale, id, args);
        let subject = t(
            "email-pack-subject",
            &[
                ("partner", text(&partner.name)),
                ("region", text(&send.region_name)),
            ],
        );
        let paragraphs = [
            t("email-pack-greeting", &[("name", text(&send.contact_name))]),
            t(
                "email-pack-body",
                &[
                    ("organisation", text(&s.config.packs.organisation)),
                    ("partner", text(&partner.name)),
                    ("region", text(&send.region_name)),
                    ("version", ArgValue::Number(send.version as f64)),
                ],
            ),
            t(
                "email-pack-link",
                &[("link", text(&download)), ("until", text(&until))],
            ),
            t(
                "email-pack-emergency",
                &[("number", text(&s.config.packs.emergency_number))],
            ),
            t("email-pack-stop", &[("link", text(&stop))]),
        ];
        let escape = |p: &str| crate::xml::escape(p).into_owned();
        let html = format!(
            "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\"><body>{}</body></html>",
            escape(locale.as_str()),
            crate::content::i18n::direction(locale.as_str()),
            paragraphs
                .iter()
                .map(|p| format!("<p>{}</p>", escape(p)))
                .collect::<String>()
        );
        let email = OutgoingEmail {
            to: send.email.clone(),
            to_name: Some(send.contact_name.clone()),
            subject,
            text: paragraphs.join("\n\n"),
            html,
            locale: locale.as_str().to_string(),
            unsubscribe_url: stop,
            feedback_id: format!("pack{}:{}", send.pack_id, locale.as_str()),
            message_id: format!("pack{}.send{}", send.pack_id, send.id),
            date: std::time::SystemTime::now(),
        };
        let mailer = s.subscribers().mailer().await?;
        let outcome = match build_message(mailer.sender(), &email) {
            Ok(message) => mailer.send(&message).await,
            Err(e) => {
                self.finish(send_id, "failed", Some(&e.to_string()), None)
                    .await?;
                return Err(JobFailure::Permanent(format!(
                    "the pack's e-mail could not be built: {e}"
                )));
            }
        };
        match outcome {
            Ok(_) => self.finish(send_id, "sent", None, Some(now)).await,
            Err(e @ SendError::Permanent { .. }) => {
                self.finish(send_id, "failed", Some(&e.to_string()), None)
                    .await?;
                Err(JobFailure::Permanent(e.to_string()))
            }
            Err(e) => {
                self.finish(send_id, "queued", Some(&e.to_string()), None)
                    .await?;
                Err(JobFailure::Retry(e.to_string()))
            }
        }
    }

    async fn finish(
        &self,
        send_id: i64,
        status: &str,
        error: Option<&str>,
        sent_at: Option<i64>,
    ) -> Result<(), JobFailure> {
        let mut tx = self.0.store.begin().await.map_err(ServiceError::from)?;
        tx.finish_pack_send(send_id, status, error, sent_at)
            .await
            .map_err(ServiceError::from)?;
        tx.commit().await.map_err(ServiceError::from)?;
        Ok(())
    }

    /// The pack a contact's e-mailed link names, its download recorded against them. A link that is
    /// changed, expired, or whose contact was removed is refused with one answer that reveals nothing.
    #[tracing::instrument(skip_all)]
    pub async fn link_download(
        &self,
        token: &str,
        pdf: bool,
    ) -> Result<(PackRow, Vec<u8>), ServiceError> {
        let s = self.0;
        let keys = s.subscribers().keys().await?;
        let now = s.clock.unix();
        let send_id = keys
            .verify(Purpose::PackDownload, token, now)
            .map_err(|_| link_refused())?;
        // The token was signed with the send's own expiry, so `verify` has checked it.
        let send = s.store.pack_send(send_id).await?.ok_or_else(link_refused)?;
        let pack = s
            .store
            .pack_by_id(send.pack_id)
            .await?
            .ok_or_else(link_refused)?;
        let bytes = s
            .store
            .pack_file(send.pack_id, pdf)
            .await?
            .ok_or_else(link_refused)?;
        let mut tx = s.store.begin().await?;
        tx.record_pack_download(
            send.pack_id,
            Some(send.contact_id),
            "link",
            if pdf { "pdf" } else { "html" },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok((pack, bytes))
    }

    /// A contact's "no more packs" link (a mail client's one-click unsubscribe): the contact is removed
    /// with everything about them. An invalid link is not found; an expired one, a conflict.
    pub async fn stop(&self, token: &str) -> Result<(), ServiceError> {
        let s = self.0;
        let keys = s.subscribers().keys().await?;
        let contact_id = keys
            .verify(Purpose::PackStop, token, s.clock.unix())
            .map_err(|e| match e {
                LinkError::Invalid => {
                    ServiceError::NotFound("this link is not one Beacon made".into())
                }
                LinkError::Expired => {
                    ServiceError::Conflict(Message::new("refused-link-expired").into())
                }
            })?;
        let Some(partner_id) = s.store.contact_partner(contact_id).await? else {
            return Ok(()); // removed already
        };
        self.remove_contact(&Actor::System("contact"), partner_id, contact_id)
            .await
    }
}
