//! A long XML feed read in parts, on every core.
//!
//! feed-rs reads a document's events into one buffer that it never empties, so reading a
//! feed of several megabytes grows that buffer to the document's size, copying it at each
//! growth and taking fresh memory from the system each time — most of the time feed-rs
//! spends on a long feed, all of it on one core while nothing else can start. A long feed
//! whose items follow one another with nothing but white space between them is therefore
//! cut into documents of [`ITEMS_PER_PART`] items, each keeping the feed's own opening
//! (its declaration, root, channel and their namespaces, title and links) and closing, and
//! the parts are read on as many threads as the machine has cores. Their items, in order,
//! are the feed's. A feed with anything else between its items (a comment, a channel
//! element) is read whole, as are short feeds and feeds whose opening and closing are so
//! long that repeating them in every part would more than double what is read.

use std::ops::Range;

/// How many items each part holds.
const ITEMS_PER_PART: usize = 250;

/// `text`'s parts when it is worth reading in parts (see the module's doc), `items` being
/// where its items are; `None` when it is to be read whole.
pub(super) fn parts_of(text: &str, items: &[Range<usize>]) -> Option<Vec<String>> {
    let (first, last) = (items.first()?, items.last()?);
    if items.len() < 2 * ITEMS_PER_PART {
        return None;
    }
    let nothing_between = items
        .windows(2)
        .all(|pair| text[pair[0].end..pair[1].start].trim().is_empty());
    if !nothing_between {
        return None;
    }
    let (opening, closing) = (&text[..first.start], &text[last.end..]);
    // Every part repeats the opening and closing: together they may add at most the
    // document's length to what is read, however a hostile feed shapes itself.
    let part_count = items.len().div_ceil(ITEMS_PER_PART);
    if (opening.len() + closing.len()).saturating_mul(part_count) > text.len() {
        return None;
    }
    let parts = items
        .chunks(ITEMS_PER_PART)
        .map(|part| {
            let (start, end) = (part[0].start, part[part.len() - 1].end);
            let mut document = String::with_capacity(opening.len() + end - start + closing.len());
            document.push_str(opening);
            document.push_str(&text[start..end]);
            document.push_str(closing);
            document
        })
        .collect();
    Some(parts)
}

/// Each of `parts` read by `read`, on up to `threads` threads, in the parts' order; the
/// first part's error, in that order, if any fails.
pub(super) fn read_parts<T: Send, E: Send>(
    parts: &[String],
    threads: usize,
    read: impl Fn(&str) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E> {
    let per_thread = parts.len().div_ceil(threads.max(1)).max(1);
    let read = &read;
    std::thread::scope(|scope| {
        let running: Vec<_> = parts
            .chunks(per_thread)
            .map(|group| {
                scope.spawn(move || {
                    group
                        .iter()
                        .map(|part| read(part))
                        .collect::<Vec<Result<T, E>>>()
                })
            })
            .collect();
        running
            .into_iter()
            .flat_map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// A feed of `count` items, its text and where its items are.
    fn feed(count: usize, between: &str) -> (String, Vec<Range<usize>>) {
        let mut text = String::from("<rss version=\"2.0\"><channel><title>T</title>\n");
        let mut items = Vec::new();
        for number in 0..count {
            if number > 0 {
                text.push_str(between);
            }
            let start = text.len();
            write!(text, "<item><title>{number}</title></item>").unwrap();
            items.push(start..text.len());
        }
        text.push_str("\n<link>https://a.example/</link></channel></rss>");
        (text, items)
    }

    #[test]
    fn a_long_feed_is_cut_into_whole_documents_keeping_its_opening_and_closing() {
        let (text, items) = feed(2 * ITEMS_PER_PART + 1, "\n  ");
        let parts = parts_of(&text, &items).unwrap();
        assert_eq!(parts.len(), 3);
        for part in &parts {
            assert!(part.starts_with("<rss version=\"2.0\"><channel><title>T</title>\n<item>"));
            assert!(part.ends_with("</item>\n<link>https://a.example/</link></channel></rss>"));
        }
        assert_eq!(parts[2].matches("<item>").count(), 1);
        assert!(parts[1].contains(&format!("<title>{ITEMS_PER_PART}</title>")));
    }

    #[test]
    fn short_feeds_and_feeds_with_something_between_items_are_read_whole() {
        let (text, items) = feed(2 * ITEMS_PER_PART - 1, "\n");
        assert!(parts_of(&text, &items).is_none());
        let (text, items) = feed(2 * ITEMS_PER_PART, "<!-- an advertisement -->");
        assert!(parts_of(&text, &items).is_none());
        assert!(parts_of("<rss/>", &[]).is_none());
    }

    #[test]
    fn a_feed_whose_opening_outweighs_its_items_is_read_whole() {
        let (text, items) = feed(4 * ITEMS_PER_PART, "");
        let padding = "x".repeat(text.len() / 2);
        let padded = text.replacen("<title>T</title>", &format!("<title>{padding}</title>"), 1);
        let shift = padded.len() - text.len();
        let moved: Vec<Range<usize>> = items
            .iter()
            .map(|item| item.start + shift..item.end + shift)
            .collect();
        assert!(parts_of(&padded, &moved).is_none());
        assert!(parts_of(&text, &items).is_some());
    }

    #[test]
    fn parts_are_read_in_order_and_the_first_failure_is_the_answer() {
        let parts: Vec<String> = (0..7).map(|number| number.to_string()).collect();
        let read = |part: &str| part.parse::<u32>().map_err(|_| part.to_owned());
        assert_eq!(read_parts(&parts, 3, read), Ok((0..7).collect()));
        let parts: Vec<String> = ["1", "x", "2", "y"].map(str::to_owned).to_vec();
        assert_eq!(read_parts(&parts, 2, read), Err("x".to_owned()));
    }
}
