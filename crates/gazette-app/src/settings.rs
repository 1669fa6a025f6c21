//! Site settings: reading them for pages, and changing them one checked value at a time.

use crate::error::AppError;
use crate::{App, AppResult};
use gazette_domain::settings::SettingValue;
use gazette_domain::{FieldErrors, SettingKey, SiteSettings};
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
        let mut settings = self.site_settings().await?;
        settings.set(key, value).map_err(|error| {
            AppError::Validation(FieldErrors::single("value", error.to_string()))
        })?;
        let stored = settings.get(key);
        let mut tx = self.db().begin().await?;
        tx.put_setting(key.name(), &stored.to_string(), self.clock().now())
            .await?;
        tx.commit().await?;
        tracing::info!(setting = key.name(), value = %stored, "setting changed");
        Ok(stored)
    }
}
