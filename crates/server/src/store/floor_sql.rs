//! [`FloorStore`](crate::store::FloorStore) over a sqlx database, one implementation for both stores (as
//! [`super::sql`] is for the rest of the store).

macro_rules! impl_floor {
    ($store:ty, $db:ty) => {
        const _: () = {
            use std::collections::BTreeMap;

            use floordesk_domain::{Presence, SiteId, SiteRules, StaffId, Timestamp, ZoneId};

            use $crate::store::floor::{FloorStore, ReserveSamples, ShiftRecord};
            use $crate::store::rows::{self, encode_json, Columns};
            use $crate::store::{AdminRecord, Notice, StoreError};

            /// The floor's statements.
            mod sql {
                /// Who is on shift: of the people still active at the site, with the role they have now (a deactivated
                /// person, or one moved to another site, is no longer on its floor).
                pub const PRESENCE: &str = "SELECT p.body, s.role FROM presence p JOIN staff s ON s.id = p.staff
                    WHERE p.site = $1 AND s.site = p.site AND s.active = 1 ORDER BY p.staff";
                pub const INSERT_PRESENCE: &str =
                    "INSERT INTO presence (staff, site, since, body) VALUES ($1, $2, $3, $4) ON CONFLICT (staff) DO NOTHING";
                pub const UPDATE_PRESENCE: &str =
                    "UPDATE presence SET site = $2, since = $3, body = $4 WHERE staff = $1 AND since = $5";
                pub const DELETE_PRESENCE: &str = "DELETE FROM presence WHERE staff = $1 AND since = $2";
                pub const START_SHIFT: &str =
                    "INSERT INTO shifts (staff, site, zone, started_at) VALUES ($1, $2, $3, $4)";
                pub const END_SHIFT: &str = "UPDATE shifts SET ended_at = $2 WHERE staff = $1 AND ended_at IS NULL";
                pub const SHIFTS: &str = "SELECT staff, zone, started_at, ended_at FROM shifts
                    WHERE site = $1 AND started_at < $3 AND (ended_at IS NULL OR ended_at > $2) ORDER BY started_at, id";
                pub const RULES: &str = "SELECT rules FROM site_rules WHERE site = $1";
                pub const PUT_RULES: &str = "INSERT INTO site_rules (site, rules) VALUES ($1, $2)
                    ON CONFLICT (site) DO UPDATE SET rules = excluded.rules";
                pub const SAMPLE: &str = "INSERT INTO reserve_samples (site, zone, minute, kept) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (zone, minute) DO NOTHING";
                pub const SAMPLES: &str = "SELECT zone, COUNT(*) AS taken, SUM(CASE WHEN kept = 1 THEN 1 ELSE 0 END) AS kept FROM reserve_samples
                    WHERE site = $1 AND minute >= $2 AND minute < $3 GROUP BY zone ORDER BY zone";
            }

            impl FloorStore for $store {
                async fn presence(&self, site: &SiteId) -> Result<Vec<Presence>, StoreError> {
                    let rows = sqlx::query(sql::PRESENCE).bind(site.as_str()).fetch_all(&self.pool).await?;
                    let mut people = Vec::with_capacity(rows.len());
                    for row in rows {
                        let mut presence: Presence = rows::decode_json(row.text("body")?, site.as_str())?;
                        presence.role = rows::enum_from_text(row.text("role")?)?;
                        people.push(presence);
                    }
                    Ok(people)
                }

                async fn put_presence(
                    &self,
                    site: &SiteId,
                    staff: &StaffId,
                    before: Option<&Presence>,
                    after: Option<&Presence>,
                    at: Timestamp,
                ) -> Result<bool, StoreError> {
                    let _turn = self.write_turn().await;
                    // Writes first, each only over the row read (a read first would make SQLite refuse to upgrade a
                    // reader to a writer while another writes).
                    let mut tx = self.pool.begin().await?;
                    let written = match (after, before.map(|b| b.since)) {
                        (Some(p), None) => sqlx::query(sql::INSERT_PRESENCE)
                            .bind(staff.as_str())
                            .bind(site.as_str())
                            .bind(p.since.0)
                            .bind(encode_json(p, staff.as_str())?)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected(),
                        (Some(p), Some(read)) => sqlx::query(sql::UPDATE_PRESENCE)
                            .bind(staff.as_str())
                            .bind(site.as_str())
                            .bind(p.since.0)
                            .bind(encode_json(p, staff.as_str())?)
                            .bind(read.0)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected(),
                        (None, Some(read)) => sqlx::query(sql::DELETE_PRESENCE)
                            .bind(staff.as_str())
                            .bind(read.0)
                            .execute(&mut *tx)
                            .await?
                            .rows_affected(),
                        (None, None) => 1,
                    };
                    if written != 1 {
                        return Ok(false);
                    }
                    let moved = match (before, after) {
                        (Some(b), Some(a)) => b.zone != a.zone || b.shift_started != a.shift_started,
                        (None, None) => false,
                        _ => true,
                    };
                    if moved {
                        if before.is_some() {
                            sqlx::query(sql::END_SHIFT).bind(staff.as_str()).bind(at.0).execute(&mut *tx).await?;
                        }
                        if let Some(p) = after {
                            sqlx::query(sql::START_SHIFT)
                                .bind(staff.as_str())
                                .bind(site.as_str())
                                .bind(p.zone.as_ref().map(ZoneId::as_str))
                                .bind(at.0)
                                .execute(&mut *tx)
                                .await?;
                        }
                    }
                    let local = Self::announce(&mut tx, Notice::Floor { site: site.clone() }).await?;
                    tx.commit().await?;
                    if let Some(notice) = local {
                        self.live.deliver(notice);
                    }
                    Ok(true)
                }

                async fn shifts(
                    &self,
                    site: &SiteId,
                    from: Timestamp,
                    to: Timestamp,
                ) -> Result<Vec<ShiftRecord>, StoreError> {
                    let rows = sqlx::query(sql::SHIFTS)
                        .bind(site.as_str())
                        .bind(from.0)
                        .bind(to.0)
                        .fetch_all(&self.pool)
                        .await?;
                    let mut shifts = Vec::with_capacity(rows.len());
                    for row in rows {
                        shifts.push(ShiftRecord {
                            staff: rows::id(row.text("staff")?, StaffId::new)?,
                            zone: row.text_opt("zone")?.map(|z| rows::id(z, ZoneId::new)).transpose()?,
                            started_at: Timestamp(row.int("started_at")?),
                            ended_at: row.int_opt("ended_at")?.map(Timestamp),
                        });
                    }
                    Ok(shifts)
                }

                async fn site_rules(&self, site: &SiteId) -> Result<Option<SiteRules>, StoreError> {
                    let row = sqlx::query(sql::RULES).bind(site.as_str()).fetch_optional(&self.pool).await?;
                    row.map(|r| rows::decode_json(r.text("rules")?, site.as_str())).transpose()
                }

                async fn put_site_rules(
                    &self,
                    site: &SiteId,
                    rules: &SiteRules,
                    log: &AdminRecord,
                ) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    sqlx::query(sql::PUT_RULES)
                        .bind(site.as_str())
                        .bind(encode_json(rules, site.as_str())?)
                        .execute(&mut *tx)
                        .await?;
                    Self::log_admin(&mut tx, log).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn sample_reserve(
                    &self,
                    site: &SiteId,
                    minute: Timestamp,
                    zones: &[(ZoneId, bool)],
                ) -> Result<(), StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    for (zone, kept) in zones {
                        sqlx::query(sql::SAMPLE)
                            .bind(site.as_str())
                            .bind(zone.as_str())
                            .bind(minute.0)
                            .bind(i64::from(*kept))
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn reserve_samples(
                    &self,
                    site: &SiteId,
                    from: Timestamp,
                    to: Timestamp,
                ) -> Result<BTreeMap<ZoneId, ReserveSamples>, StoreError> {
                    let rows = sqlx::query(sql::SAMPLES)
                        .bind(site.as_str())
                        .bind(from.0)
                        .bind(to.0)
                        .fetch_all(&self.pool)
                        .await?;
                    let mut samples = BTreeMap::new();
                    for row in rows {
                        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
                        samples.insert(
                            rows::id(row.text("zone")?, ZoneId::new)?,
                            ReserveSamples {
                                taken: count(row.int("taken")?),
                                kept: count(row.int_opt("kept")?.unwrap_or(0)),
                            },
                        );
                    }
                    Ok(samples)
                }
            }
        };
    };
}

pub(crate) use impl_floor;
