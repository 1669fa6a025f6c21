//! The default theme's files, compiled into the binary. A test checks that this list
//! matches the folder `themes/default`.

/// Template name and source.
pub(super) const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../../../themes/default/templates/base.html"),
    ),
    (
        "home.html",
        include_str!("../../../../themes/default/templates/home.html"),
    ),
    (
        "article.html",
        include_str!("../../../../themes/default/templates/article.html"),
    ),
    (
        "error.html",
        include_str!("../../../../themes/default/templates/error.html"),
    ),
    (
        "notice.html",
        include_str!("../../../../themes/default/templates/notice.html"),
    ),
    (
        "desk/login.html",
        include_str!("../../../../themes/default/templates/desk/login.html"),
    ),
    (
        "desk/setup.html",
        include_str!("../../../../themes/default/templates/desk/setup.html"),
    ),
    (
        "desk/layout.html",
        include_str!("../../../../themes/default/templates/desk/layout.html"),
    ),
    (
        "desk/macros.html",
        include_str!("../../../../themes/default/templates/desk/macros.html"),
    ),
    (
        "desk/home.html",
        include_str!("../../../../themes/default/templates/desk/home.html"),
    ),
    (
        "partials/comment.html",
        include_str!("../../../../themes/default/templates/partials/comment.html"),
    ),
    (
        "partials/comment_form.html",
        include_str!("../../../../themes/default/templates/partials/comment_form.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../../../themes/default/templates/partials/pagination.html"),
    ),
];

/// Static file name (relative to `static/`) and bytes.
pub(super) const STATIC_FILES: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../../../themes/default/static/style.css"),
    ),
    (
        "desk.css",
        include_bytes!("../../../../themes/default/static/desk.css"),
    ),
    (
        "desk.js",
        include_bytes!("../../../../themes/default/static/desk.js"),
    ),
];
