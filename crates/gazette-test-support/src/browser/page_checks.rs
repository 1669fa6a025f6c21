//! What a page looks like to its reader, measured in the browser: whether it fits a
//! window of a given width, whether its text stands out from its background by WCAG 2's
//! contrast levels, and what its print stylesheet leaves on paper.

use super::{Browser, failed};
use axum::http::Method;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

/// Lists the elements and texts that reach past the right edge of the window (a box too
/// wide, a long word that does not wrap), unless a scrolling box of their own that fits
/// holds them (a wide table that scrolls sideways).
const OVERFLOWING_ELEMENTS: &str = r"
const width = document.documentElement.clientWidth;
const describe = (element) => element.tagName.toLowerCase()
  + (element.id ? '#' + element.id : '')
  + (element.classList.length ? '.' + [...element.classList].join('.') : '');
const heldByScroller = (element) => {
  for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowX;
    if (overflow !== 'visible' && box.getBoundingClientRect().right <= width + 0.5) return true;
  }
  return false;
};
const found = [];
if (document.documentElement.scrollWidth > width) {
  found.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px in a window of ' + width);
}
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1 || box.right <= width + 0.5) continue;
  if (!element.checkVisibility({ visibilityProperty: true }) || heldByScroller(element)) continue;
  found.push(describe(element) + ' reaches ' + Math.round(box.right) + ' px');
  if (found.length >= 12) return found;
}
const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let text = texts.nextNode(); text; text = texts.nextNode()) {
  const range = document.createRange();
  range.selectNodeContents(text);
  const box = range.getBoundingClientRect();
  if (box.width <= 1 || box.right <= width + 0.5 || heldByScroller(text)) continue;
  if (!text.parentElement.checkVisibility({ visibilityProperty: true })) continue;
  found.push('the text “' + text.textContent.trim().slice(0, 40) + '” in '
    + describe(text.parentElement) + ' reaches ' + Math.round(box.right) + ' px');
  if (found.length >= 12) break;
}
return found;
";

/// Lists the visible texts whose contrast with the background behind them is below WCAG
/// 2's level AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px in bold).
const LOW_CONTRAST_TEXTS: &str = r"
const channels = (colour) => {
  const numbers = colour.match(/[\d.]+/g);
  if (!colour.startsWith('rgb') || !numbers) return null;
  const [red, green, blue, alpha] = numbers.map(Number);
  return [red, green, blue, alpha === undefined ? 1 : alpha];
};
const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
const backdrop = (element) => {
  const layers = [];
  for (let box = element; box; box = box.parentElement) {
    const colour = channels(getComputedStyle(box).backgroundColor);
    if (colour && colour[3] > 0) {
      layers.push(colour);
      if (colour[3] >= 1) break;
    }
  }
  return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255]);
};
const luminance = (rgb) => {
  const linear = rgb.map((value) => {
    const share = value / 255;
    return share <= 0.04045 ? share / 12.92 : ((share + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
};
const found = [];
for (const element of document.body.querySelectorAll('*')) {
  const ownText = [...element.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent.trim())
    .join(' ').trim();
  if (!ownText) continue;
  const box = element.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1 || box.right <= 0 || box.bottom <= 0) continue;
  if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
  const style = getComputedStyle(element);
  const text = channels(style.color);
  if (!text) {
    found.push('cannot read the colour ' + style.color + ' of “' + ownText.slice(0, 40) + '”');
    continue;
  }
  const behind = backdrop(element);
  const lighter = Math.max(luminance(over(text, behind)), luminance(behind));
  const darker = Math.min(luminance(over(text, behind)), luminance(behind));
  const ratio = (lighter + 0.05) / (darker + 0.05);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  if (ratio < (large ? 3 : 4.5)) {
    found.push('“' + ownText.slice(0, 40) + '” (' + element.tagName.toLowerCase() + '): '
      + ratio.toFixed(2) + ':1, ' + style.color + ' on rgb(' + behind.map(Math.round).join(', ') + ')');
  }
}
return found;
";

/// Makes the page's print rules apply to the screen, as they apply on paper.
const APPLY_PRINT_STYLES: &str = r"
let applied = 0;
for (const sheet of document.styleSheets) {
  for (const rule of sheet.cssRules) {
    if (rule instanceof CSSMediaRule && rule.media.mediaText.trim() === 'print') {
      rule.media.mediaText = 'all';
      applied += 1;
    }
  }
}
return applied;
";

impl Browser {
    /// Lays pages out as a screen `width` CSS pixels wide shows them: below 1,024 pixels
    /// as a phone or tablet does (320 for a small phone), with the page's viewport settings
    /// applied; scrollbars float over the page at every width, as on those screens. The
    /// window keeps its size; the page is emulated in it, as the browser's developer tools
    /// do.
    ///
    /// # Panics
    ///
    /// When the browser does not take that width.
    pub async fn use_width(&self, width: u32) {
        for (method, params) in [
            (
                "Emulation.setDeviceMetricsOverride",
                json!({
                    "width": width,
                    "height": 900,
                    "deviceScaleFactor": 1,
                    "mobile": width < 1024,
                }),
            ),
            ("Emulation.setScrollbarsHidden", json!({ "hidden": true })),
        ] {
            self.client
                .issue_cmd(DevToolsCommand { method, params })
                .await
                .unwrap_or_else(failed("emulate a screen"));
        }
        let taken = self
            .client
            .execute("return document.documentElement.clientWidth;", Vec::new())
            .await
            .unwrap_or_else(failed("read the window's width"));
        assert_eq!(
            taken.as_u64(),
            Some(u64::from(width)),
            "the browser would not lay pages out {width} pixels wide"
        );
    }

    /// What reaches past the right edge of the window on the page shown now, described
    /// as `tag#id.class reaches N px` (or the text that does); empty when the page fits.
    pub async fn overflowing_elements(&self) -> Vec<String> {
        self.strings_from(OVERFLOWING_ELEMENTS, "measure the page's width")
            .await
    }

    /// The visible texts of the page shown now whose contrast is below WCAG 2's level AA,
    /// each with its ratio and colours; empty when every text passes.
    pub async fn low_contrast_texts(&self) -> Vec<String> {
        self.strings_from(LOW_CONTRAST_TEXTS, "measure the text's contrast")
            .await
    }

    /// Shows the page as it would be printed: its `@media print` rules apply to the
    /// screen from now until the next page is opened.
    ///
    /// # Panics
    ///
    /// When the page's stylesheets have no print rules.
    pub async fn show_as_printed(&self) {
        let applied = self
            .client
            .execute(APPLY_PRINT_STYLES, Vec::new())
            .await
            .unwrap_or_else(failed("apply the print styles"));
        assert!(
            applied.as_u64().unwrap_or_default() > 0,
            "the page's stylesheets have no print rules"
        );
    }

    /// Whether some element matching the CSS `selector` is displayed.
    pub async fn is_displayed(&self, selector: &str) -> bool {
        self.client
            .execute(
                "return [...document.querySelectorAll(arguments[0])]\
                   .some((element) => element.checkVisibility({ visibilityProperty: true }));",
                vec![json!(selector)],
            )
            .await
            .unwrap_or_else(failed("look for an element"))
            .as_bool()
            .unwrap_or(false)
    }

    /// The text the style adds after the first element matching `selector` (its
    /// `::after`), empty when it adds none.
    pub async fn text_after(&self, selector: &str) -> String {
        let content = self
            .client
            .execute(
                "const element = document.querySelector(arguments[0]);\
                 return element === null ? '' : getComputedStyle(element, '::after').content;",
                vec![json!(selector)],
            )
            .await
            .unwrap_or_else(failed("read a generated text"));
        let content = content.as_str().unwrap_or_default();
        if content == "none" || content == "normal" {
            String::new()
        } else {
            content.trim_matches('"').to_owned()
        }
    }

    /// The strings `script` returns as an array.
    pub(super) async fn strings_from(&self, script: &str, what: &str) -> Vec<String> {
        let found = self
            .client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(failed(what));
        found
            .as_array()
            .map(|found| {
                found
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A command of Chromium's DevTools protocol, sent through chromedriver.
#[derive(Debug)]
struct DevToolsCommand {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevToolsCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (Method::POST, Some(body.to_string()))
    }
}
