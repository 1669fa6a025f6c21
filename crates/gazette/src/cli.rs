//! The command-line interface: every command, flag and its help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Gazette: a self-hosted news publishing platform in one binary.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The folder for the SQLite database and other files [default: ./gazette-data]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The database: sqlite://PATH or postgres://USER@HOST:PORT/DATABASE [default: gazette.db in the data folder]
    #[arg(long = "database", global = true, value_name = "URL")]
    pub database: Option<String>,

    /// A configuration file (see config/gazette.example.toml)
    #[arg(long, global = true, value_name = "FILE", env = "GAZETTE_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server
    Serve(ServeArgs),
    /// Fill an empty site with sample content
    Demo,
    /// Bring the database schema up to date
    Migrate,
    /// Write and list articles
    #[command(subcommand)]
    Article(ArticleCommand),
    /// List and moderate comments
    #[command(subcommand)]
    Comments(CommentsCommand),
    /// Run or list the background jobs (mail) and housekeeping
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Add and list the people who run the site
    #[command(subcommand)]
    User(UserCommand),
    /// Show and change site settings
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Republish other outlets' feeds: add, fetch, pause and review sources
    #[command(subcommand)]
    Source(SourceCommand),
    /// Bring another site's content in
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the whole site out, on standard output
    #[command(subcommand)]
    Export(ExportCommand),
}

/// `gazette serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (port 0 picks a free one) [default: 127.0.0.1:8080]
    #[arg(long, value_name = "ADDRESS:PORT")]
    pub listen: Option<SocketAddr>,
    /// Fill an empty site with sample content before serving
    #[arg(long)]
    pub demo: bool,
    /// A theme folder that overrides the default theme file by file
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
}

/// `gazette article …`.
#[derive(Debug, Subcommand)]
pub enum ArticleCommand {
    /// Publish an article (or save a draft) from a Markdown file; prints its address
    Add(Box<ArticleAddArgs>),
    /// List every article, newest first
    List(ListArgs),
    /// Keep a news article at the top of the home page, above newer news
    Stick(ArticleId),
    /// Let a news article kept at the top of the home page go back among the rest
    Unstick(ArticleId),
}

/// `gazette article stick|unstick`.
#[derive(Debug, Args)]
pub struct ArticleId {
    /// The article's id, as `gazette article list` shows it
    #[arg(value_name = "ID")]
    pub id: i64,
}

/// `gazette article add`.
#[derive(Debug, Args)]
pub struct ArticleAddArgs {
    /// The headline
    #[arg(long)]
    pub title: String,
    /// A Markdown file with the body ("-" reads standard input)
    #[arg(long, value_name = "FILE")]
    pub body_file: PathBuf,
    /// For a republished article: the name of the outlet that first published it
    #[arg(long, value_name = "NAME")]
    pub source_name: Option<String>,
    /// For a republished article: the address of the original
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// For a republished article: when the original was published (2024-04-24, 2024-04-24 09:30 or RFC 3339)
    #[arg(long, value_name = "DATE")]
    pub original_date: Option<String>,
    /// For a republished article: who wrote the original, shown as "By NAME" before the credit
    #[arg(long, value_name = "NAME")]
    pub source_author: Option<String>,
    /// The slug used in the address [default: made from the title]
    #[arg(long)]
    pub slug: Option<String>,
    /// The title search engines and social sites show (at most 70 characters) [default: the headline]
    #[arg(long, value_name = "TEXT")]
    pub seo_title: Option<String>,
    /// The description search engines and social sites show (at most 160 characters) [default: the excerpt]
    #[arg(long, value_name = "TEXT")]
    pub meta_description: Option<String>,
    /// When to publish it (2024-04-24 09:30 in the site's time zone, or RFC 3339): a time
    /// still to come schedules it, a time past back-dates it [default: now]
    #[arg(long, value_name = "TIME", conflicts_with = "draft")]
    pub publish_at: Option<String>,
    /// Save as a draft instead of publishing
    #[arg(long)]
    pub draft: bool,
    /// Close the article to comments
    #[arg(long)]
    pub no_comments: bool,
    /// Keep it at the top of the home page, above newer news
    #[arg(long)]
    pub sticky: bool,
}

/// A list command's output format.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `gazette comments …`.
#[derive(Debug, Subcommand)]
pub enum CommentsCommand {
    /// List comments, newest first
    List(CommentsListArgs),
    /// Publish comments (the spam classifier learns they are wanted)
    Approve(CommentIds),
    /// Take published comments back to the moderation queue
    Unapprove(CommentIds),
    /// Mark comments as spam (the spam classifier learns from them)
    Spam(CommentIds),
    /// Take comments out of the spam, back where they were
    NotSpam(CommentIds),
    /// Move comments to the trash
    Trash(CommentIds),
    /// Take comments out of the trash, back where they were
    Restore(CommentIds),
    /// Delete comments for good (their replies move up a level)
    Delete(CommentIds),
    /// Show who did what to which comment, newest first
    Log(CommentsLogArgs),
    /// Print, as JSON, everything kept about a commenter's email address
    Export(CommenterArgs),
    /// Anonymise a commenter's comments and forget their subscriptions
    Erase(CommenterArgs),
}

/// `gazette comments log`.
#[derive(Debug, Args)]
pub struct CommentsLogArgs {
    /// Only this comment's history
    #[arg(long, value_name = "ID")]
    pub comment: Option<i64>,
    /// How many lines at most
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Print one JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `gazette comments export|erase`.
#[derive(Debug, Args)]
pub struct CommenterArgs {
    /// The commenter's email address
    #[arg(long, value_name = "ADDRESS")]
    pub email: String,
}

/// `gazette user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (the password is read from standard input with --password-stdin)
    Add(UserAddArgs),
    /// List the users
    List(ListArgs),
    /// Invite a user by mail: they choose their password through the link (needs [mail])
    Invite(UserInviteArgs),
    /// Give a user another role
    Role(UserRoleArgs),
    /// Stop a user signing in, ending their sessions at once (their articles stay)
    Disable(UserNamedArgs),
    /// Let a disabled user sign in again
    Enable(UserNamedArgs),
}

/// `gazette user invite`.
#[derive(Debug, Args)]
pub struct UserInviteArgs {
    /// What the user may do
    #[arg(long, value_enum)]
    pub role: RoleChoice,
    /// The email address the invitation goes to, and that they will sign in with
    #[arg(long, value_name = "ADDRESS")]
    pub email: String,
    /// The name shown on their articles
    #[arg(long)]
    pub name: String,
}

/// `gazette user role`.
#[derive(Debug, Args)]
pub struct UserRoleArgs {
    /// The user's email address
    #[arg(value_name = "EMAIL")]
    pub email: String,
    /// The new role
    #[arg(value_enum)]
    pub role: RoleChoice,
}

/// `gazette user disable|enable`.
#[derive(Debug, Args)]
pub struct UserNamedArgs {
    /// The user's email address
    #[arg(value_name = "EMAIL")]
    pub email: String,
}

/// `gazette user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// What the user may do
    #[arg(long, value_enum)]
    pub role: RoleChoice,
    /// The email address they sign in with
    #[arg(long, value_name = "ADDRESS")]
    pub email: String,
    /// The name shown on their articles
    #[arg(long)]
    pub name: String,
    /// Read the password from standard input (one line); without it the user has no
    /// password until one is set
    #[arg(long)]
    pub password_stdin: bool,
}

/// A role as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleChoice {
    /// Everything, including settings and users
    Administrator,
    /// All articles, comments and sources
    Editor,
    /// Writes and publishes their own articles
    Author,
    /// Writes their own articles and submits them for review
    Contributor,
}

/// `gazette jobs …`.
#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Run every job that is due now (mail), then the housekeeping, and exit
    Run,
    /// List queued jobs and those that failed for good
    List(ListArgs),
}

/// `gazette comments list`.
#[derive(Debug, Args)]
pub struct CommentsListArgs {
    /// Only comments with this status
    #[arg(long, value_enum)]
    pub status: Option<StatusChoice>,
    /// Print one JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

/// A comment status as typed on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusChoice {
    /// Waiting for a moderator
    Pending,
    /// Public
    Approved,
    /// Marked as spam
    Spam,
    /// In the trash
    Trash,
}

/// Comment ids for a moderation command.
#[derive(Debug, Args)]
pub struct CommentIds {
    /// The ids of the comments
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<i64>,
}

/// `gazette settings …`.
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show every setting with its value
    List(ListArgs),
    /// Change one setting (run `gazette settings list` to see them all)
    Set {
        /// The setting's name, such as title or time_zone
        key: String,
        /// The new value
        value: String,
    },
}

/// `gazette source …`.
#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add another outlet's feed; its first fetch is queued at once
    Add(SourceAddArgs),
    /// List the sources with their status, last error and next fetch
    List(ListArgs),
    /// Fetch one source now, or every source that is not paused
    Fetch(SourceFetchArgs),
    /// Stop fetching a source until it is resumed
    Pause(SourceId),
    /// Fetch a paused source again, starting now
    Resume(SourceId),
    /// Remove a source (the articles it brought stay, with their credit)
    Remove(SourceId),
    /// List the items waiting for an editor's review
    Review(ListArgs),
    /// Publish an item waiting for review (or write in the source's change to it)
    Approve(SourceApproveArgs),
    /// Reject an item waiting for review: it never comes back (a change is dismissed)
    Reject(SourceItemArgs),
    /// Show how the source changed an item: its last two versions, line by line
    Changes(SourceItemArgs),
}

/// `gazette source add`.
#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// The feed's address (RSS, Atom or JSON Feed)
    pub url: String,
    /// The outlet's name, shown at the end of its articles as `Credit: <name>`
    #[arg(long)]
    pub name: String,
    /// The outlet's home page, credited when an item has no address of its own (the
    /// feed's by default)
    #[arg(long, value_name = "URL")]
    pub home_page: Option<String>,
    /// The category its articles are filed under (made if missing)
    #[arg(long)]
    pub category: Option<String>,
    /// The email address of the user its articles are attributed to
    #[arg(long, value_name = "EMAIL")]
    pub author: Option<String>,
    /// review: new items wait for an editor; publish: they are published at once
    #[arg(long, value_enum, default_value_t = SourceModeArg::Review)]
    pub mode: SourceModeArg,
    /// How often to fetch it: 15m, 2h, 1d… (at least 5m)
    #[arg(long, default_value = "15m")]
    pub interval: String,
    /// Take only items with one of these keywords (comma-separated, whole words)
    #[arg(long, value_name = "WORDS")]
    pub include: Option<String>,
    /// Leave out items with any of these keywords (comma-separated, whole words)
    #[arg(long, value_name = "WORDS")]
    pub exclude: Option<String>,
    /// Leave out items published more than this many days ago
    #[arg(long, value_name = "DAYS")]
    pub max_age_days: Option<u32>,
    /// The licence or permission under which it is republished, shown to editors
    #[arg(long, value_name = "NOTE")]
    pub licence: Option<String>,
    /// Point rel=canonical at our copy instead of the original
    #[arg(long)]
    pub canonical_here: bool,
    /// Allow the feed at a loopback, private or link-local address (refused otherwise)
    #[arg(long)]
    pub allow_private_addresses: bool,
}

/// Whether a source's new items wait for review or are published at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SourceModeArg {
    /// New items wait for an editor's review
    Review,
    /// New items are published at once
    Publish,
}

/// `gazette source fetch`.
#[derive(Debug, Args)]
pub struct SourceFetchArgs {
    /// The source to fetch
    #[arg(
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub id: Option<i64>,
    /// Fetch every source that is not paused
    #[arg(long)]
    pub all: bool,
    /// Print the results as JSON
    #[arg(long)]
    pub json: bool,
}

/// A source named by its id.
#[derive(Debug, Args)]
pub struct SourceId {
    /// The source's id, as `gazette source list` shows it
    #[arg(value_name = "ID")]
    pub id: i64,
}

/// A source's item, named by its id.
#[derive(Debug, Args)]
pub struct SourceItemArgs {
    /// The item's id, as `gazette source review` shows it
    #[arg(value_name = "ID")]
    pub id: i64,
}

/// `gazette source approve`.
#[derive(Debug, Args)]
pub struct SourceApproveArgs {
    /// The item's id, as `gazette source review` shows it
    #[arg(value_name = "ID")]
    pub id: i64,
    /// Publish it under this title instead of the source's
    #[arg(long)]
    pub title: Option<String>,
    /// File it under this category instead of the source's
    #[arg(long)]
    pub category: Option<String>,
    /// Show this excerpt instead of the one made from the item
    #[arg(long)]
    pub excerpt: Option<String>,
    /// Also publish the source's later items without review
    #[arg(long)]
    pub always: bool,
}

/// `gazette import …`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a WordPress export (Tools → Export → All content): authors, categories, tags,
    /// posts, pages, attachments and comments; importing it again creates nothing new
    Wordpress(ImportWordpressArgs),
}

/// `gazette import wordpress`.
#[derive(Debug, Args)]
pub struct ImportWordpressArgs {
    /// The export file (WXR 1.0, 1.1 or 1.2)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read and check everything and report what would happen, writing nothing
    #[arg(long)]
    pub dry_run: bool,
    /// A CSV file of WordPress logins and the email addresses of the existing users who
    /// take their posts: `login,email` per line
    #[arg(long, value_name = "FILE")]
    pub authors: Option<PathBuf>,
    /// link: attachments stay at the old site's addresses; fetch: images are downloaded
    /// into the media library
    #[arg(long, value_enum, default_value_t = MediaChoice::Link)]
    pub media: MediaChoice,
    /// auto: take on WordPress's permalink structure when the site has no articles yet;
    /// keep: take it on; site: keep the site's (WordPress's addresses redirect)
    #[arg(long, value_enum, default_value_t = PermalinkArg::Auto)]
    pub permalinks: PermalinkArg,
    /// Allow fetching attachments from loopback, private or link-local addresses
    #[arg(long)]
    pub allow_private_addresses: bool,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

/// What happens to an export's attachments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MediaChoice {
    /// They stay at the old site's addresses
    Link,
    /// Images are downloaded into the media library
    Fetch,
}

/// Whether the site takes on the export's permalink structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PermalinkArg {
    /// When the site has no articles yet
    Auto,
    /// Always
    Keep,
    /// Never: the export's addresses redirect to the site's
    Site,
}

/// `gazette export …`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A WordPress export (WXR 1.2) of the whole site, comments included, that WordPress's
    /// importer reads: `gazette export wordpress > site.xml`
    Wordpress,
    /// Everything, as Gazette's documented JSON (docs/EXPORT.md): `gazette export json >
    /// site.json`
    Json,
}
