//! Site settings: reading them for pages, and changing them: one checked value at a time
//! (the command line), or several at once, all or none (the desk's settings screen). A
//! permalink pattern that is replaced is kept, so that its addresses keep redirecting; a
//! site logo must be an image in the media library.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::settings::{SettingError, SettingValue};
use gazette_domain::{FieldErrors, SettingKey, SiteSettings, Timestamp};
use gazette_store::Tx;
use serde::Serialize;

/// One setting as the CLI lists it.
#[derive(Clone, Debug, Serialize)]
pub struct SettingEntry {
    /// Its name.
    pub key: &'static str,
    /// Its current value.
    pub value: SettingValue,
    /// Its default value.
    pub default: SettingValue,
    /// What it does.
    pub description: &'static str,
}

impl App {
    /// The site's settings. Stored values that are no longer valid are skipped (their
    /// defaults apply) and logged.
    pub async fn site_settings(&self) -> AppResult<SiteSettings> {
        let rows = self.db().setting_rows().await?;
        let (settings, warnings) = SiteSettings::from_stored(
            rows.iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        for warning in warnings {
            tracing::warn!("{warning}");
        }
        Ok(settings)
    }

    /// Every setting with its value, default and description.
    pub async fn setting_entries(&self) -> AppResult<Vec<SettingEntry>> {
        let settings = self.site_settings().await?;
        let defaults = SiteSettings::default();
        Ok(SettingKey::ALL
            .into_iter()
            .map(|key| SettingEntry {
                key: key.name(),
                value: settings.get(key),
                default: defaults.get(key),
                description: key.description(),
            })
            .collect())
    }

    /// Checks `value` and makes it the setting `name`'s value. Returns the value as stored.
    pub async fn change_setting(&self, name: &str, value: &str) -> AppResult<SettingValue> {
        let key = SettingKey::parse(name)
            .map_err(|error| AppError::Validation(FieldErrors::single("key", error.to_string())))?;
        let before = self.site_settings().await?;
        let mut settings = before.clone();
        settings.set(key, value).map_err(|error| {
            AppError::Validation(FieldErrors::single("value", error.to_string()))
        })?;
        if key == SettingKey::SiteLogo
            && let Some(problem) = self.missing_logo(&settings).await?
        {
            return Err(AppError::Validation(FieldErrors::single("value", problem)));
        }
        let stored = settings.get(key);
        let now = self.clock().now();
        let mut tx = self.db().begin().await?;
        tx.put_setting(key.name(), &stored.to_string(), now).await?;
        keep_replaced_pattern(&mut tx, &before, &settings, now).await?;
        tx.commit().await?;
        tracing::info!(setting = key.name(), value = %stored, "setting changed");
        Ok(stored)
    }

    /// Checks every `(name, value)` and, when all fit, stores them in one transaction;
    /// otherwise stores nothing and names each setting that did not fit (the error's field
    /// is the setting's name). Returns how many settings now have a different value.
    pub async fn change_settings(&self, changes: &[(&str, &str)]) -> AppResult<usize> {
        let before = self.site_settings().await?;
        let mut settings = before.clone();
        let mut errors = FieldErrors::new();
        let mut keys = Vec::with_capacity(changes.len());
        for (name, value) in changes {
            match SettingKey::parse(name) {
                Ok(key) => match settings.set(key, value) {
                    Ok(()) => keys.push(key),
                    Err(error) => errors.add(key.name(), sentence(&error)),
                },
                Err(error) => errors.add("key", error.to_string()),
            }
        }
        if keys.contains(&SettingKey::SiteLogo)
            && let Some(problem) = self.missing_logo(&settings).await?
        {
            errors.add(SettingKey::SiteLogo.name(), problem);
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let now = self.clock().now();
        let mut stored_count = 0;
        let mut tx = self.db().begin().await?;
        for key in keys {
            let stored = settings.get(key);
            if stored != before.get(key) {
                tx.put_setting(key.name(), &stored.to_string(), now).await?;
                stored_count += 1;
            }
        }
        keep_replaced_pattern(&mut tx, &before, &settings, now).await?;
        tx.commit().await?;
        tracing::info!(changed = stored_count, "settings changed");
        Ok(stored_count)
    }

    /// What is wrong with `settings`' logo: an image no longer (or never) in the media
    /// library.
    async fn missing_logo(&self, settings: &SiteSettings) -> AppResult<Option<String>> {
        let Some(logo) = settings.site_logo else {
            return Ok(None);
        };
        Ok(self.db().media_by_id(logo).await?.is_none().then(|| {
            format!(
                "There is no image {logo} in the media library; choose one that is there, or none."
            )
        }))
    }
}

/// Keeps the permalink pattern `before` had when `after` replaces it, so that addresses
/// made with it keep leading to their articles; a pattern in use again is no longer an
/// earlier one.
pub(crate) async fn keep_replaced_pattern(
    tx: &mut Tx,
    before: &SiteSettings,
    after: &SiteSettings,
    now: Timestamp,
) -> AppResult<()> {
    if before.permalink_pattern != after.permalink_pattern {
        tx.keep_earlier_permalink_pattern(before.permalink_pattern.as_str(), now)
            .await?;
        tx.forget_earlier_permalink_pattern(after.permalink_pattern.as_str())
            .await?;
    }
    Ok(())
}

/// A setting's refusal as a sentence for the person at the form: what the value must be.
fn sentence(error: &SettingError) -> String {
    match error {
        SettingError::InvalidValue { reason, .. } => {
            let mut characters = reason.chars();
            let first = characters
                .next()
                .map(|first| first.to_uppercase().collect::<String>());
            let rest: String = characters.collect();
            let ending = if rest.ends_with('.') { "" } else { "." };
            format!("{}{rest}{ending}", first.unwrap_or_default())
        }
        SettingError::UnknownKey { .. } => error.to_string(),
    }
}
