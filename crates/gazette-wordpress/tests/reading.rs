//! Reading exports as WordPress writes them, in every version, and as they break: the
//! traps of real files (an `https` namespace, CDATA sections split around `]]>`,
//! backslashes and emoji, entities in titles) and malformed files, which stop the reader
//! with the line and column of the problem.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_wordpress::{Entry, Item, Position, WxrErrorKind, WxrReader};

/// An export of `version` with WordPress's namespace under `scheme`, holding `body` in its
/// channel.
fn export(version: &str, scheme: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n\
         <rss version=\"2.0\"\n\
         \txmlns:excerpt=\"{scheme}://wordpress.org/export/{version}/excerpt/\"\n\
         \txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n\
         \txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n\
         \txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
         \txmlns:wp=\"{scheme}://wordpress.org/export/{version}/\"\n\
         >\n<channel>\n\
         \t<title>Harbour Times</title>\n\
         \t<link>https://harbour.example</link>\n\
         \t<description>News from the quay</description>\n\
         \t<language>en-GB</language>\n\
         \t<wp:wxr_version>{version}</wp:wxr_version>\n\
         \t<wp:base_site_url>https://harbour.example</wp:base_site_url>\n\
         \t<wp:base_blog_url>https://harbour.example</wp:base_blog_url>\n\
         {body}\n</channel>\n</rss>\n"
    )
}

fn entries(document: &str) -> Vec<Entry> {
    let mut reader = WxrReader::new(document.as_bytes());
    let mut entries = Vec::new();
    while let Some(entry) = reader.next_entry().unwrap() {
        entries.push(entry);
    }
    entries
}

fn items(document: &str) -> Vec<Item> {
    entries(document)
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Item(item) => Some(*item),
            _ => None,
        })
        .collect()
}

const POST: &str = "<item>\n\
    <title><![CDATA[Fish &amp; chips]]></title>\n\
    <link>https://harbour.example/2024/03/01/fish/</link>\n\
    <dc:creator><![CDATA[ada]]></dc:creator>\n\
    <guid isPermaLink=\"false\">https://harbour.example/?p=101</guid>\n\
    <content:encoded><![CDATA[Body]]></content:encoded>\n\
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\
    <wp:post_id>101</wp:post_id>\n\
    <wp:post_date><![CDATA[2024-03-01 10:00:00]]></wp:post_date>\n\
    <wp:post_date_gmt><![CDATA[2024-03-01 09:00:00]]></wp:post_date_gmt>\n\
    <wp:comment_status><![CDATA[open]]></wp:comment_status>\n\
    <wp:post_name><![CDATA[fish]]></wp:post_name>\n\
    <wp:status><![CDATA[publish]]></wp:status>\n\
    <wp:post_parent>0</wp:post_parent>\n\
    <wp:post_type><![CDATA[post]]></wp:post_type>\n\
    <wp:is_sticky>1</wp:is_sticky>\n\
    <category domain=\"category\" nicename=\"local\"><![CDATA[Local]]></category>\n\
    <category domain=\"post_tag\" nicename=\"boats\"><![CDATA[Boats]]></category>\n\
    <wp:postmeta><wp:meta_key><![CDATA[_wp_old_slug]]></wp:meta_key><wp:meta_value><![CDATA[old-fish]]></wp:meta_value></wp:postmeta>\n\
    <wp:comment>\n\
      <wp:comment_id>7</wp:comment_id>\n\
      <wp:comment_author><![CDATA[Reader]]></wp:comment_author>\n\
      <wp:comment_author_email><![CDATA[reader@mail.example]]></wp:comment_author_email>\n\
      <wp:comment_author_url>https://reader.example/</wp:comment_author_url>\n\
      <wp:comment_author_IP><![CDATA[192.0.2.7]]></wp:comment_author_IP>\n\
      <wp:comment_date><![CDATA[2024-03-02 08:00:00]]></wp:comment_date>\n\
      <wp:comment_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:comment_date_gmt>\n\
      <wp:comment_content><![CDATA[Lovely.]]></wp:comment_content>\n\
      <wp:comment_approved><![CDATA[1]]></wp:comment_approved>\n\
      <wp:comment_type><![CDATA[]]></wp:comment_type>\n\
      <wp:comment_parent>6</wp:comment_parent>\n\
      <wp:comment_user_id>0</wp:comment_user_id>\n\
    </wp:comment>\n\
  </item>";

#[test]
fn reads_the_site_authors_terms_and_items_of_a_1_2_export() {
    let document = export(
        "1.2",
        "http",
        &format!(
            "<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ada]]></wp:author_login>\
             <wp:author_email><![CDATA[ada@harbour.example]]></wp:author_email>\
             <wp:author_display_name><![CDATA[Ada Lovelace]]></wp:author_display_name>\
             <wp:author_first_name><![CDATA[Ada]]></wp:author_first_name><wp:author_last_name><![CDATA[Lovelace]]></wp:author_last_name></wp:author>\n\
             <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[local]]></wp:category_nicename>\
             <wp:category_parent><![CDATA[news]]></wp:category_parent><wp:cat_name><![CDATA[Local]]></wp:cat_name>\
             <wp:category_description><![CDATA[Close to home]]></wp:category_description></wp:category>\n\
             <wp:tag><wp:term_id>5</wp:term_id><wp:tag_slug><![CDATA[boats]]></wp:tag_slug><wp:tag_name><![CDATA[Boats]]></wp:tag_name></wp:tag>\n\
             <wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy>\
             <wp:term_slug><![CDATA[main]]></wp:term_slug><wp:term_name><![CDATA[Main]]></wp:term_name></wp:term>\n\
             <generator>https://wordpress.org/?v=6.5</generator>\n{POST}"
        ),
    );
    let mut reader = WxrReader::new(document.as_bytes());
    let Some(Entry::Author(author)) = reader.next_entry().unwrap() else {
        panic!("the author comes first");
    };
    assert_eq!(reader.site().title, "Harbour Times");
    assert_eq!(reader.site().wxr_version, "1.2");
    assert_eq!(reader.site().address(), "https://harbour.example");
    assert_eq!(reader.site().language.as_deref(), Some("en-GB"));
    assert_eq!(author.id, Some(1));
    assert_eq!(author.login, "ada");
    assert_eq!(author.display_name, "Ada Lovelace");
    let Some(Entry::Category(category)) = reader.next_entry().unwrap() else {
        panic!("then the category");
    };
    assert_eq!(
        (
            category.slug.as_str(),
            category.parent_slug.as_str(),
            category.description.as_str()
        ),
        ("local", "news", "Close to home")
    );
    assert!(matches!(reader.next_entry().unwrap(), Some(Entry::Tag(tag)) if tag.slug == "boats"));
    assert!(
        matches!(reader.next_entry().unwrap(), Some(Entry::Term(term)) if term.taxonomy == "nav_menu")
    );
    let Some(Entry::Item(item)) = reader.next_entry().unwrap() else {
        panic!("then the item");
    };
    assert!(reader.next_entry().unwrap().is_none());
    assert_eq!(
        reader.site().generator.as_deref(),
        Some("https://wordpress.org/?v=6.5")
    );

    assert_eq!(item.id, Some(101));
    assert_eq!(item.title, "Fish &amp; chips", "CDATA is taken as it is");
    assert_eq!(item.creator, "ada");
    assert_eq!(item.slug, "fish");
    assert_eq!(item.status, "publish");
    assert_eq!(item.post_type, "post");
    assert!(item.sticky);
    assert_eq!(item.date.unwrap().to_string(), "2024-03-01T10:00:00");
    assert_eq!(item.date_gmt.unwrap().to_string(), "2024-03-01T09:00:00");
    assert_eq!(item.terms.len(), 2);
    assert_eq!(item.terms[0].domain, "category");
    assert_eq!(item.terms[0].slug.as_deref(), Some("local"));
    assert_eq!(item.meta_value("_wp_old_slug"), Some("old-fish"));
    let comment = &item.comments[0];
    assert_eq!(comment.id, Some(7));
    assert_eq!(comment.parent, Some(6));
    assert_eq!(comment.author_ip, "192.0.2.7");
    assert_eq!(comment.date_gmt, None);
    assert_eq!(comment.kind, "");
    assert_eq!(comment.approved, "1");
    assert_eq!(
        item.position.line,
        document[..document.find("<item>").unwrap()].lines().count() as u64 + 1
    );
}

#[test]
fn reads_the_namespace_written_with_https_and_every_version() {
    for (version, scheme) in [("1.0", "http"), ("1.1", "https"), ("1.2", "https")] {
        let document = export(version, scheme, POST);
        let mut reader = WxrReader::new(document.as_bytes());
        let Some(Entry::Item(item)) = reader.next_entry().unwrap() else {
            panic!("version {version} over {scheme}: the item is read");
        };
        assert_eq!(reader.site().wxr_version, version);
        assert_eq!(item.slug, "fish", "version {version} over {scheme}");
        assert_eq!(item.comments.len(), 1, "version {version} over {scheme}");
        assert_eq!(item.terms.len(), 2);
    }
}

#[test]
fn a_1_0_export_names_its_authors_only_in_items() {
    let document = export(
        "1.0",
        "http",
        "<wp:category><wp:category_nicename>news</wp:category_nicename><wp:category_parent></wp:category_parent>\
         <wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>\n\
         <item><title>Old post</title><dc:creator>editor</dc:creator>\
         <category><![CDATA[News]]></category><category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>\
         <category domain=\"tag\"><![CDATA[Ships]]></category>\
         <wp:post_id>3</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>",
    );
    let all = entries(&document);
    assert!(
        matches!(&all[0], Entry::Category(category) if category.term_id.is_none() && category.slug == "news")
    );
    let Entry::Item(item) = &all[1] else {
        panic!("an item follows")
    };
    assert_eq!(item.creator, "editor");
    let domains: Vec<&str> = item.terms.iter().map(|term| term.domain.as_str()).collect();
    assert_eq!(domains, ["", "category", "tag"]);
}

#[test]
fn cdata_split_around_its_end_backslashes_emoji_and_entities_are_kept_exactly() {
    let document = export(
        "1.2",
        "https",
        "<item><title>Fish &amp; chips &#8211; a &lt;history&gt; &eacute;t&eacute;</title>\
         <content:encoded><![CDATA[Type C:\\new\\table, then ]]]]><![CDATA[> ends it. 😀\r\nNext \\\\ line]]></content:encoded>\
         <wp:post_id>5</wp:post_id><wp:post_name><![CDATA[%e2%80%99]]></wp:post_name></item>",
    );
    let item = &items(&document)[0];
    assert_eq!(item.title, "Fish & chips \u{2013} a <history> été");
    assert_eq!(
        item.content,
        "Type C:\\new\\table, then ]]> ends it. 😀\nNext \\\\ line"
    );
    assert_eq!(item.slug, "%e2%80%99");
}

#[test]
fn dates_and_numbers_that_cannot_be_read_are_left_out() {
    let document = export(
        "1.2",
        "http",
        "<item><title>Odd</title><wp:post_id>not a number</wp:post_id>\
         <wp:post_date>yesterday</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>\
         <wp:post_parent>0</wp:post_parent></item>",
    );
    let item = &items(&document)[0];
    assert_eq!(item.id, None);
    assert_eq!(item.date, None);
    assert_eq!(item.date_gmt, None);
    assert_eq!(item.parent, None);
}

/// The error reading `document` stops with.
fn failure(document: &str) -> gazette_wordpress::WxrError {
    let mut reader = WxrReader::new(document.as_bytes());
    loop {
        match reader.next_entry() {
            Ok(Some(_)) => {}
            Ok(None) => panic!("the document was read without an error"),
            Err(error) => return error,
        }
    }
}

/// The place of the first `needle` in `document`.
fn place_of(document: &str, needle: &str) -> Position {
    let offset = document.find(needle).unwrap();
    let before = &document[..offset];
    Position {
        line: before.matches('\n').count() as u64 + 1,
        column: before.rsplit('\n').next().unwrap().chars().count() as u64 + 1,
    }
}

#[test]
fn a_tag_closed_by_another_is_named_with_its_place() {
    let document = export(
        "1.2",
        "http",
        "<item><title>Fine</title><wp:post_id>1</wp:post_id></item>\n\
         <item><title>Broken é</wp:post_name><wp:post_id>2</wp:post_id></item>",
    );
    let error = failure(&document);
    assert_eq!(error.kind(), WxrErrorKind::Malformed);
    assert_eq!(
        error.position(),
        Some(place_of(&document, "</wp:post_name>"))
    );
    assert!(
        error
            .message()
            .contains("<title> is closed by </wp:post_name>"),
        "{error}"
    );
}

#[test]
fn a_file_cut_short_says_so() {
    let whole = export("1.2", "http", POST);
    let cut = &whole[..whole.find("<wp:comment_content>").unwrap() + 30];
    let error = failure(cut);
    assert_eq!(error.kind(), WxrErrorKind::Malformed);
    assert!(error.message().contains("cut short"), "{error}");
    assert!(error.position().is_some());
}

#[test]
fn an_unknown_entity_is_refused_where_it_stands() {
    let document = export(
        "1.2",
        "http",
        "<item><title>Fish &chips;</title><wp:post_id>1</wp:post_id></item>",
    );
    let error = failure(&document);
    assert_eq!(error.position(), Some(place_of(&document, "&chips;")));
    assert!(error.message().contains("&chips;"), "{error}");
}

#[test]
fn documents_that_are_not_exports_are_named_as_such() {
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A feed</title></channel></rss>";
    let error = failure(feed);
    assert_eq!(error.kind(), WxrErrorKind::NotAnExport);
    assert!(error.message().contains("WordPress"), "{error}");
    assert_eq!(
        failure("<html><body/></html>").kind(),
        WxrErrorKind::NotAnExport
    );
    assert_eq!(failure("").kind(), WxrErrorKind::NotAnExport);
}

#[test]
fn exports_in_other_encodings_or_versions_are_refused_plainly() {
    let latin = export("1.2", "http", POST).replace("UTF-8", "ISO-8859-1");
    let error = failure(&latin);
    assert_eq!(error.kind(), WxrErrorKind::Unsupported);
    assert!(
        error.message().contains("iconv -f ISO-8859-1 -t UTF-8"),
        "{error}"
    );

    let future = export("1.2", "http", POST).replace(
        "<wp:wxr_version>1.2</wp:wxr_version>",
        "<wp:wxr_version>2.0</wp:wxr_version>",
    );
    let error = failure(&future);
    assert_eq!(error.kind(), WxrErrorKind::Unsupported);
    assert!(error.message().contains("2.0"), "{error}");
}
