//! [`Administration`](crate::store::Administration) over a sqlx database, one implementation for both stores (as
//! [`super::sql`] is for the rest of the store).

macro_rules! impl_administration {
    ($store:ty, $db:ty) => {
        const _: () = {
            use std::collections::BTreeMap;

            use floordesk_domain::{SiteId, StaffId, Timestamp, ZoneId};
            use floordesk_protocol::admin::AdminLogEntry;

            use $crate::store::admin::{AdminRecord, AdminWrite, Administration, StoredSettings, Taken};
            use $crate::store::rows::{self, encode_json, Columns};
            use $crate::store::statements;
            use $crate::store::{Notice, StaffRecord, StoreError};

            impl Administration for $store {
                async fn administer(
                    &self,
                    writes: &[AdminWrite],
                    log: &[AdminRecord],
                ) -> Result<Result<(), Taken>, StoreError> {
                    let _turn = self.write_turn().await;
                    let mut tx = self.pool.begin().await?;
                    let mut ended: Vec<String> = Vec::new();
                    for write in writes {
                        let taken = match write {
                            AdminWrite::NewSite { site, settings } => {
                                let id = site.id.as_str();
                                let hours = settings.opening_hours.as_ref().map(|h| encode_json(h, id)).transpose()?;
                                let added = sqlx::query(statements::ADMIN_NEW_SITE)
                                    .bind(id)
                                    .bind(&site.name)
                                    .bind(site.kind.as_str())
                                    .bind(&site.time_zone)
                                    .bind(hours)
                                    .bind(i64::from(settings.retention_days))
                                    .bind(i64::from(settings.code_digits))
                                    .execute(&mut *tx)
                                    .await?
                                    .rows_affected();
                                let mut taken = (added == 0).then(|| id.to_owned());
                                for zone in &site.zones {
                                    if taken.is_some() {
                                        break;
                                    }
                                    taken = Self::write_zone(&mut tx, &site.id, zone).await?;
                                }
                                taken
                            }
                            AdminWrite::Site { site, name, time_zone, settings } => {
                                let id = site.as_str();
                                let hours = settings.opening_hours.as_ref().map(|h| encode_json(h, id)).transpose()?;
                                sqlx::query(statements::ADMIN_SITE)
                                    .bind(name)
                                    .bind(time_zone)
                                    .bind(hours)
                                    .bind(i64::from(settings.retention_days))
                                    .bind(i64::from(settings.code_digits))
                                    .bind(id)
                                    .execute(&mut *tx)
                                    .await?;
                                None
                            }
                            AdminWrite::Zone { site, zone } => Self::write_zone(&mut tx, site, zone).await?,
                            AdminWrite::NewStaff(staff) => {
                                let p = &staff.profile;
                                let added = sqlx::query(statements::ADMIN_NEW_STAFF)
                                    .bind(p.id.as_str())
                                    .bind(p.site.as_str())
                                    .bind(p.zone.as_ref().map(ZoneId::as_str))
                                    .bind(p.role.as_str())
                                    .bind(&p.display_name)
                                    .bind(&staff.code_salt)
                                    .bind(&staff.code_hash)
                                    .execute(&mut *tx)
                                    .await?
                                    .rows_affected();
                                (added == 0).then(|| p.id.to_string())
                            }
                            AdminWrite::Staff { profile: p, active } => {
                                sqlx::query(statements::ADMIN_STAFF)
                                    .bind(&p.display_name)
                                    .bind(p.role.as_str())
                                    .bind(p.zone.as_ref().map(ZoneId::as_str))
                                    .bind(i64::from(*active))
                                    .bind(p.id.as_str())
                                    .bind(p.site.as_str())
                                    .execute(&mut *tx)
                                    .await?;
                                if !active {
                                    let hashes: Vec<String> = sqlx::query_scalar(statements::END_STAFF_SESSIONS)
                                        .bind(p.id.as_str())
                                        .fetch_all(&mut *tx)
                                        .await?;
                                    ended.extend(hashes);
                                }
                                None
                            }
                            AdminWrite::Device(device) => {
                                let d = &device.info;
                                let added = sqlx::query(statements::INSERT_DEVICE)
                                    .bind(&d.id)
                                    .bind(d.site.as_str())
                                    .bind(&d.name)
                                    .bind(&device.key_hash)
                                    .bind(d.enrolled_by.as_str())
                                    .bind(d.enrolled_at.0)
                                    .bind(d.revoked_at.map(|t| t.0))
                                    .execute(&mut *tx)
                                    .await?;
                                (added.rows_affected() == 0).then(|| d.id.clone())
                            }
                            AdminWrite::Withdraw { site, id, at } => {
                                let withdrawn = sqlx::query(statements::REVOKE_DEVICE)
                                    .bind(at.0)
                                    .bind(id)
                                    .bind(site.as_str())
                                    .execute(&mut *tx)
                                    .await?
                                    .rows_affected()
                                    == 1;
                                if withdrawn {
                                    let hashes: Vec<String> = sqlx::query_scalar(statements::REVOKE_DEVICE_SESSIONS)
                                        .bind(id)
                                        .fetch_all(&mut *tx)
                                        .await?;
                                    ended.extend(hashes);
                                    None
                                } else {
                                    Some(id.clone())
                                }
                            }
                            AdminWrite::UnlockSource(source) => {
                                sqlx::query(statements::UNLOCK_SOURCE).bind(source).execute(&mut *tx).await?;
                                None
                            }
                            AdminWrite::Unlock(staff) => {
                                sqlx::query(statements::UNLOCK).bind(staff.as_str()).execute(&mut *tx).await?;
                                None
                            }
                            AdminWrite::Code { staff, salt, hash } => {
                                sqlx::query(statements::SET_CODE)
                                    .bind(salt)
                                    .bind(hash)
                                    .bind(staff.as_str())
                                    .execute(&mut *tx)
                                    .await?;
                                None
                            }
                        };
                        if let Some(id) = taken {
                            tx.rollback().await?;
                            return Ok(Err(Taken(id)));
                        }
                    }
                    for entry in log {
                        Self::log_admin(&mut tx, entry).await?;
                    }
                    let local = if ended.is_empty() {
                        None
                    } else {
                        Self::announce(&mut tx, Notice::SessionsEnded { token_hashes: ended }).await?
                    };
                    tx.commit().await?;
                    if let Some(notice) = local {
                        self.live.deliver(notice);
                    }
                    Ok(Ok(()))
                }

                async fn site_settings(&self) -> Result<BTreeMap<SiteId, StoredSettings>, StoreError> {
                    let rows = sqlx::query(statements::SITE_SETTINGS).fetch_all(&self.pool).await?;
                    let mut settings = BTreeMap::new();
                    for row in rows {
                        let site = rows::id(row.text("id")?, SiteId::new)?;
                        let opening_hours =
                            row.text_opt("opening_hours")?.map(|h| rows::decode_json(h, site.as_str())).transpose()?;
                        let retention_days = u32::try_from(row.int("retention_days")?).unwrap_or(u32::MAX);
                        let code_digits = u8::try_from(row.int("code_digits")?).unwrap_or(u8::MAX);
                        settings.insert(site, StoredSettings { opening_hours, retention_days, code_digits });
                    }
                    Ok(settings)
                }

                async fn staff_of(&self, site: &SiteId) -> Result<Vec<StaffRecord>, StoreError> {
                    let rows = sqlx::query(statements::STAFF_OF).bind(site.as_str()).fetch_all(&self.pool).await?;
                    Ok(rows.iter().map(rows::staff).collect::<Result<Vec<_>, _>>()?)
                }

                async fn paused(
                    &self,
                    site: &SiteId,
                    now: Timestamp,
                ) -> Result<BTreeMap<StaffId, Timestamp>, StoreError> {
                    let rows =
                        sqlx::query(statements::PAUSED).bind(site.as_str()).bind(now.0).fetch_all(&self.pool).await?;
                    rows.iter()
                        .map(|row| Ok((rows::id(row.text("staff")?, StaffId::new)?, Timestamp(row.int("until")?))))
                        .collect()
                }

                async fn admin_log(
                    &self,
                    site: Option<&SiteId>,
                    after: u64,
                    limit: u32,
                ) -> Result<Vec<AdminLogEntry>, StoreError> {
                    let after = i64::try_from(after).unwrap_or(i64::MAX);
                    let rows = match site {
                        Some(site) => {
                            sqlx::query(statements::ADMIN_LOG_SITE)
                                .bind(site.as_str())
                                .bind(after)
                                .bind(i64::from(limit))
                                .fetch_all(&self.pool)
                                .await?
                        }
                        None => {
                            sqlx::query(statements::ADMIN_LOG_ALL)
                                .bind(after)
                                .bind(i64::from(limit))
                                .fetch_all(&self.pool)
                                .await?
                        }
                    };
                    rows.iter().map(rows::admin_log_entry).collect()
                }
            }

            impl $store {
                /// Writes an entry of the administration log inside `tx`.
                pub(crate) async fn log_admin(
                    tx: &mut sqlx::Transaction<'static, $db>,
                    entry: &AdminRecord,
                ) -> Result<(), StoreError> {
                    let json = |v: &Option<serde_json::Value>| v.as_ref().map(serde_json::Value::to_string);
                    sqlx::query(statements::ADMIN_LOG_INSERT)
                        .bind(entry.site.as_str())
                        .bind(entry.actor.as_str())
                        .bind(entry.at.0)
                        .bind(entry.action)
                        .bind(&entry.target)
                        .bind(json(&entry.before))
                        .bind(json(&entry.after))
                        .execute(&mut **tx)
                        .await?;
                    Ok(())
                }

                /// Writes a zone of `site`; the id when it is another site's zone.
                async fn write_zone(
                    tx: &mut sqlx::Transaction<'static, $db>,
                    site: &SiteId,
                    zone: &floordesk_protocol::ZoneInfo,
                ) -> Result<Option<String>, StoreError> {
                    let written = sqlx::query(statements::ADMIN_ZONE)
                        .bind(zone.id.as_str())
                        .bind(site.as_str())
                        .bind(&zone.name)
                        .bind(i64::from(zone.floor))
                        .execute(&mut **tx)
                        .await?
                        .rows_affected();
                    Ok((written == 0).then(|| zone.id.to_string()))
                }
            }
        };
    };
}

pub(crate) use impl_administration;
