#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) as WordPress 6 does, for bench/wordpress_import.sh.

    python3 bench/wordpress_export.py POSTS COMMENTS FILE

POSTS posts of classic-editor paragraphs (with links, every tenth a captioned image and
every fiftieth a gallery), in a tree of categories and with tags, by five authors; twenty
pages, nested; an attachment per hundred posts; and exactly COMMENTS comments spread over
the posts (some have none, some many), threaded up to five deep, with pingbacks, pending
and spam ones among them.
"""

import random
import sys

SITE = "https://harbour.example"
TOPICS = ["council", "budget", "harbour", "schools", "transport", "housing", "weather", "courts"]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def body(n, topic):
    paragraphs = [
        f"The {topic} committee met on Tuesday to discuss item {n}, and members <strong>agreed</strong> "
        f"to publish the <a href=\"{SITE}/reports/{n}/\">full report</a> before the end of the month.",
        f"\u201cWe have listened to residents,\u201d the chair said, adding that the <em>consultation</em> "
        f"drew more than {n % 900 + 100} responses from across the region.\nSome came by post.",
        f"A decision on the second phase is expected next year; the minutes are available from the "
        f"clerk's office, and the committee meets again on the first Monday of the month at the hall "
        f"on the quay, where members of the public may speak for three minutes each on any item.",
        f"Councillors asked officers to report back on the cost of item {n}, which was estimated at "
        f"{n * 37 % 1000} thousand pounds, and on how the work would be phased over the coming years.",
    ]
    if n % 10 == 0:
        paragraphs.insert(1, f"[caption id=\"attachment_{n}\" align=\"alignright\" width=\"300\"]"
                             f"<img src=\"{SITE}/wp-content/uploads/2024/03/photo-{n}-300x200.jpg\" "
                             f"alt=\"The committee\" width=\"300\" height=\"200\" /> Members at the meeting[/caption]")
    if n % 50 == 0:
        first = 1_000_000 + (n // 100) * 2
        paragraphs.append(f"[gallery ids=\"{first},{first + 1}\"]")
    return "\n\n".join(paragraphs)


def item(post_id, title, slug, content, post_type="post", parent=0, date="2024-03-01 10:00:00",
         terms="", comments="", creator="editor1", extra="", link=None, status="publish"):
    link = link or f"{SITE}/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
    return (
        f"\t<item>\n\t\t<title>{cdata(title)}</title>\n\t\t<link>{link}</link>\n"
        f"\t\t<pubDate>Fri, 01 Mar 2024 09:00:00 +0000</pubDate>\n\t\t<dc:creator>{cdata(creator)}</dc:creator>\n"
        f"\t\t<guid isPermaLink=\"false\">{SITE}/?p={post_id}</guid>\n\t\t<description></description>\n"
        f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n\t\t<excerpt:encoded>{cdata('')}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n\t\t<wp:post_date>{cdata(date)}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>\n\t\t<wp:post_modified>{cdata(date)}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>\n"
        f"\t\t<wp:comment_status>{cdata('open')}</wp:comment_status>\n\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n\t\t<wp:status>{cdata(status)}</wp:status>\n"
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type>{cdata(post_type)}</wp:post_type>\n\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
        f"\t\t<wp:is_sticky>0</wp:is_sticky>\n{extra}{terms}{comments}\t</item>\n"
    )


def comment(comment_id, parent, approved, kind, n, date):
    author = f"Reader {comment_id % 5000}"
    url = f"https://blog{comment_id % 300}.example/post/{comment_id}/" if kind == "pingback" else ""
    text = (f"I was at the meeting about item {n} and I think the committee got it right, though the "
            f"cost worries me.\nWe will see what the second phase brings.") if kind == "comment" else (
            f"[&#8230;] the committee backs its plan for item {n} [&#8230;]")
    return (
        f"\t\t<wp:comment>\n\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{cdata(author)}</wp:comment_author>\n"
        f"\t\t\t<wp:comment_author_email>{cdata(f'reader{comment_id % 5000}@mail.example')}</wp:comment_author_email>\n"
        f"\t\t\t<wp:comment_author_url>{url}</wp:comment_author_url>\n"
        f"\t\t\t<wp:comment_author_IP>{cdata(f'198.51.100.{comment_id % 250}')}</wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{cdata(date)}</wp:comment_date>\n\t\t\t<wp:comment_date_gmt>{cdata(date)}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{cdata(text)}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
        f"\t\t\t<wp:comment_type>{cdata(kind)}</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
        f"\t\t</wp:comment>\n"
    )


def comment_counts(posts, comments, rng):
    """How many comments each post gets: uneven, summing to exactly `comments`."""
    weights = [rng.choice([0, 1, 2, 5, 10, 10, 15, 30]) for _ in range(posts)]
    total = sum(weights) or 1
    counts = [weight * comments // total for weight in weights]
    for index in range(comments - sum(counts)):
        counts[index % posts] += 1
    return counts


def main():
    posts, comments, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(7)
    out = open(path, "w", encoding="utf-8")
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
        f"\t<title>Harbour Times</title>\n\t<link>{SITE}</link>\n\t<description>News from the quay</description>\n"
        "\t<language>en-GB</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    )
    for author in range(1, 6):
        out.write(f"\t<wp:author><wp:author_id>{author}</wp:author_id><wp:author_login>{cdata(f'editor{author}')}"
                  f"</wp:author_login><wp:author_email>{cdata(f'editor{author}@harbour.example')}</wp:author_email>"
                  f"<wp:author_display_name>{cdata(f'Editor {author}')}</wp:author_display_name>"
                  f"<wp:author_first_name>{cdata('')}</wp:author_first_name><wp:author_last_name>{cdata('')}"
                  f"</wp:author_last_name></wp:author>\n")
    out.write(f"\t<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>{cdata('news')}</wp:category_nicename>"
              f"<wp:category_parent>{cdata('')}</wp:category_parent><wp:cat_name>{cdata('News')}</wp:cat_name></wp:category>\n")
    for index, topic in enumerate(TOPICS, start=2):
        out.write(f"\t<wp:category><wp:term_id>{index}</wp:term_id><wp:category_nicename>{cdata(topic)}"
                  f"</wp:category_nicename><wp:category_parent>{cdata('news')}</wp:category_parent>"
                  f"<wp:cat_name>{cdata(topic.title())}</wp:cat_name></wp:category>\n")
    for tag in range(200):
        out.write(f"\t<wp:tag><wp:term_id>{100 + tag}</wp:term_id><wp:tag_slug>{cdata(f'tag-{tag}')}</wp:tag_slug>"
                  f"<wp:tag_name>{cdata(f'Tag {tag}')}</wp:tag_name></wp:tag>\n")
    for page in range(20):
        parent = 0 if page < 5 else 900_001 + page % 5
        out.write(item(900_001 + page, f"Page {page}", f"page-{page}", "About us.\n\nWho we are.",
                       post_type="page", parent=parent, link=f"{SITE}/page-{page}/"))
    counts = comment_counts(posts, comments, rng)
    comment_id = 0
    for n in range(posts):
        post_id = n + 1
        topic = TOPICS[n % len(TOPICS)]
        day = 1 + n % 28
        date = f"2024-{1 + n % 12:02d}-{day:02d} {n % 24:02d}:{n % 60:02d}:00"
        terms = (f"\t\t<category domain=\"category\" nicename=\"{topic}\">{cdata(topic.title())}</category>\n"
                 f"\t\t<category domain=\"post_tag\" nicename=\"tag-{n % 200}\">{cdata(f'Tag {n % 200}')}</category>\n"
                 f"\t\t<category domain=\"post_tag\" nicename=\"tag-{(n * 7) % 200}\">{cdata(f'Tag {(n * 7) % 200}')}</category>\n")
        parts = []
        thread = []
        depth = {}
        for _ in range(counts[n]):
            comment_id += 1
            roll = rng.random()
            kind = "pingback" if roll < 0.02 else "comment"
            approved = "spam" if roll > 0.98 else "0" if roll > 0.93 else "1"
            parent = 0
            if kind == "comment" and thread and rng.random() < 0.5:
                candidate = rng.choice(thread)
                if depth[candidate] < 5:
                    parent = candidate
            depth[comment_id] = depth.get(parent, 0) + 1
            if kind == "comment":
                thread.append(comment_id)
            when = f"2024-{1 + n % 12:02d}-{day:02d} {(n + 1) % 24:02d}:{min(59, len(parts)):02d}:00"
            parts.append(comment(comment_id, parent, approved, kind, n, when))
        comments_xml = "".join(parts)
        out.write(item(post_id, f"Item {n}: the {topic} committee backs its plan", f"item-{n}-{topic}",
                       body(n, topic), date=date, terms=terms, comments=comments_xml,
                       creator=f"editor{1 + n % 5}"))
        if n % 100 == 0:
            attachment = 1_000_000 + (n // 100) * 2
            for offset in (0, 1):
                out.write(item(attachment + offset, f"Photo {n}-{offset}", f"photo-{n}-{offset}", "",
                               post_type="attachment", parent=post_id, date=date, status="inherit",
                               link=f"{SITE}/?attachment_id={attachment + offset}",
                               extra=f"\t\t<wp:attachment_url>{cdata(f'{SITE}/wp-content/uploads/2024/03/photo-{n}-{offset}.jpg')}</wp:attachment_url>\n"))
    out.write("</channel>\n</rss>\n")
    out.close()


if __name__ == "__main__":
    main()
