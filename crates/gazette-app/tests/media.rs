//! The media library's use cases on SQLite and PostgreSQL: an upload, its thumbnail job and
//! the copies it records; refusals; and deletion, refused while an article uses the image.

#![expect(
    clippy::unwrap_used,
    reason = "a test should fail loudly on any unexpected error"
)]

use gazette_app::{AppError, MediaUpload, NewUser, PublishOptions};
use gazette_domain::{Actor, ArticleDraft, MediaDetails, Role};
use gazette_test_support::{TestApp, app_tests, images};
use std::path::Path;

async fn staff(site: &TestApp, role: Role) -> Actor {
    let user = site
        .app
        .create_user(NewUser {
            display_name: format!("A {role}"),
            email: format!("{role}@ledger.example"),
            role,
            password: None,
        })
        .await
        .unwrap();
    Actor::from(&user)
}

fn upload(name: &str, bytes: Vec<u8>) -> MediaUpload {
    MediaUpload {
        file_name: name.into(),
        bytes,
    }
}

/// Every file under the media folder, relative to it, sorted.
fn files_in(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(folder).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

app_tests! {
    async fn an_upload_is_stored_clean_and_its_thumbnails_made_by_the_job(site: TestApp) {
        let editor = staff(&site, Role::Editor).await;
        let photo = images::with_exif(&images::jpeg(2000, 1500), 1);
        let item = site.app.upload_media(&editor, upload("Harbour at dawn.JPG", photo)).await.unwrap();
        assert_eq!(item.title, "Harbour at dawn");
        assert_eq!(item.original_name, "Harbour at dawn.JPG");
        assert_eq!(item.mime_type, "image/jpeg");
        assert_eq!((item.width, item.height), (2000, 1500));
        assert!(item.url.starts_with("/media/2024/04/harbour-at-dawn-"), "{}", item.url);
        assert!(item.variants.is_empty(), "thumbnails come from the job");
        assert_eq!(site.app.jobs(10).await.unwrap().len(), 1);

        let run = site.app.run_due_jobs().await.unwrap();
        assert_eq!(run.done, 1);
        let item = site.app.media_item(item.id).await.unwrap();
        let widths: Vec<(u32, u32)> = item.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(widths, [(480, 360), (960, 720), (1600, 1200)]);

        let stored = files_in(site.media_folder.path());
        assert_eq!(stored.len(), 4, "{stored:?}");
        for name in &stored {
            let bytes = std::fs::read(site.media_folder.path().join(name)).unwrap();
            assert!(!images::contains(&bytes, &images::GPS_LATITUDE_BYTES), "{name} keeps the GPS position");
            assert_eq!(images::exif_of(&bytes), None, "{name} keeps EXIF");
        }

        assert!(site.app.jobs(10).await.unwrap().is_empty(), "the job is done and gone");
    }

    async fn refusals_store_nothing(site: TestApp) {
        let author = staff(&site, Role::Author).await;
        let contributor = staff(&site, Role::Contributor).await;
        let denied = site.app.upload_media(&contributor, upload("a.png", images::png(10, 10))).await.unwrap_err();
        assert!(matches!(denied, AppError::Forbidden(_)), "{denied}");
        assert!(denied.to_string().contains("Contributors cannot upload media"), "{denied}");

        let html = b"<!DOCTYPE html><script>alert(1)</script>".to_vec();
        let refused = site.app.upload_media(&author, upload("photo.jpg", html)).await.unwrap_err();
        let AppError::Validation(errors) = refused else { panic!("a validation error") };
        assert!(errors.get("file").unwrap().contains("HTML"), "{errors}");

        let bomb = site.app.upload_media(&author, upload("bomb.png", images::png_claiming(100_000, 100_000))).await.unwrap_err();
        assert!(matches!(bomb, AppError::Validation(_)), "{bomb}");
        assert!(files_in(site.media_folder.path()).is_empty());
        assert_eq!(site.app.media_library("", 1).await.unwrap().total, 0);
        assert!(site.app.jobs(10).await.unwrap().is_empty());
    }

    async fn the_library_searches_every_text_and_pages(site: TestApp) {
        let author = staff(&site, Role::Author).await;
        for number in 0..26 {
            site.app.clock().advance(1);
            site.app.upload_media(&author, upload(&format!("picture {number}.png"), images::png(8, 8))).await.unwrap();
        }
        let harbour = site.app.upload_media(&author, upload("IMG_0001.png", images::png(8, 8))).await.unwrap();
        site.app.update_media_details(&author, harbour.id, &MediaDetails {
            title: "Quay".into(),
            alt_text: "Fishing boats in the HARBOUR".into(),
            caption: "Photo: 100% Ana Lima".into(),
        }).await.unwrap();

        let first = site.app.media_library("", 1).await.unwrap();
        assert_eq!((first.total, first.page_count, first.items.len()), (27, 2, 24));
        assert_eq!(first.items[0].id, harbour.id, "newest first");
        assert_eq!(site.app.media_library("", 2).await.unwrap().items.len(), 3);
        assert!(matches!(site.app.media_library("", 3).await, Err(AppError::NotFound(_))));

        for search in ["harbour", "quay", "img_0001", "100%", "ana lima"] {
            let found = site.app.media_library(search, 1).await.unwrap();
            assert_eq!(found.items.iter().map(|item| item.id).collect::<Vec<_>>(), [harbour.id], "{search}");
        }
        assert_eq!(site.app.media_library("picture 1", 1).await.unwrap().total, 11, "1 and 10–19");
        assert_eq!(site.app.media_library("%", 1).await.unwrap().total, 1, "wildcards are literal");

        let invalid = site.app.update_media_details(&author, harbour.id, &MediaDetails {
            title: " ".into(),
            ..MediaDetails::default()
        }).await.unwrap_err();
        assert!(matches!(invalid, AppError::Validation(ref errors) if errors.get("title").is_some()), "{invalid}");
    }

    async fn images_in_use_cannot_be_deleted_and_others_leave_no_file(site: TestApp) {
        let editor = staff(&site, Role::Editor).await;
        let used = site.app.upload_media(&editor, upload("used.jpg", images::jpeg(1000, 500))).await.unwrap();
        let unused = site.app.upload_media(&editor, upload("unused.jpg", images::jpeg(1000, 500))).await.unwrap();
        site.app.run_due_jobs().await.unwrap();
        let copy = site.app.media_item(used.id).await.unwrap().variants[0].url.clone();
        site.app.publish_article(&ArticleDraft {
            title: "Harbour reopens".into(),
            body_markdown: format!("The quay.\n\n![Boats]({copy})"),
            ..ArticleDraft::default()
        }, PublishOptions::default()).await.unwrap();

        let refused = site.app.delete_media(&editor, used.id).await.unwrap_err();
        assert!(matches!(refused, AppError::Conflict(_)), "{refused}");
        assert!(refused.to_string().contains("“Harbour reopens” (in its text)"), "{refused}");
        assert!(site.app.media_item(used.id).await.is_ok());

        let before = files_in(site.media_folder.path()).len();
        site.app.delete_media(&editor, unused.id).await.unwrap();
        assert!(matches!(site.app.media_item(unused.id).await, Err(AppError::NotFound(_))));
        let after = files_in(site.media_folder.path());
        assert_eq!(after.len(), before - 3, "the original and both copies are gone: {after:?}");
        assert!(after.iter().all(|name| !name.contains("unused")));
    }

    async fn a_featured_image_is_in_use_too(site: TestApp) {
        let editor = staff(&site, Role::Editor).await;
        let image = site.app.upload_media(&editor, upload("lead.png", images::png(20, 20))).await.unwrap();
        let article = site.app.publish_article(&ArticleDraft {
            title: "Lead story".into(),
            body_markdown: "No image in the text.".into(),
            ..ArticleDraft::default()
        }, PublishOptions::default()).await.unwrap();
        let user = site.app.users().await.unwrap().into_iter().find(|user| user.id == editor.user).unwrap();
        site.app.set_featured_image(&user, article.id, Some(image.id)).await.unwrap();
        let refused = site.app.delete_media(&editor, image.id).await.unwrap_err();
        assert!(refused.to_string().contains("“Lead story” (as its featured image)"), "{refused}");
        let uses = site.app.media_uses(image.id).await.unwrap();
        assert_eq!(uses.len(), 1);
        assert!(uses[0].featured);
    }
}
