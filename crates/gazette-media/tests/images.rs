//! Uploads as the media crate sees them: each format cleaned and measured, files that lie
//! about their type, every limit (a decompression bomb among them), EXIF orientation
//! applied, GPS positions gone, and the thumbnails' sizes.

use gazette_media::{ImageKind, MediaError, MediaLimits, clean_upload, make_thumbnails};
use gazette_test_support::images;
use std::time::Instant;

fn limits() -> MediaLimits {
    MediaLimits::default()
}

#[test]
fn each_format_is_cleaned_and_keeps_its_kind_and_size() {
    let cases = [
        (images::jpeg(64, 48), ImageKind::Jpeg),
        (images::png(64, 48), ImageKind::Png),
        (images::webp(64, 48), ImageKind::Webp),
        (images::gif(64, 48, 1), ImageKind::Gif),
    ];
    for (bytes, kind) in cases {
        let clean = clean_upload(&bytes, &limits()).unwrap();
        assert_eq!(clean.kind, kind);
        assert_eq!((clean.width, clean.height), (64, 48), "{kind:?}");
        assert_eq!(ImageKind::sniff(&clean.bytes).unwrap(), kind);
        assert_eq!(images::dimensions_of(&clean.bytes), (64, 48));
        assert_eq!(clean.sha256.len(), 64);
    }
}

#[test]
fn the_bytes_decide_the_format_not_the_name_or_type() {
    // The media crate never sees a name or a Content-Type: a PNG is a PNG.
    let clean = clean_upload(&images::png(20, 10), &limits()).unwrap();
    assert_eq!(clean.kind, ImageKind::Png);
    for (hostile, expected) in [
        (
            &b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"[..],
            "HTML",
        ),
        (
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>"[..],
            "SVG",
        ),
        (&b"#!/usr/bin/env python3\nimport os\n"[..], "script"),
        (
            &b"\xFF\xD8\xFF\xE0<html>not really a jpeg</html>"[..],
            "damaged",
        ),
    ] {
        let error = clean_upload(hostile, &limits()).unwrap_err();
        assert!(error.is_refusal(), "{error}");
        assert!(error.to_string().contains(expected), "{expected}: {error}");
    }
    // Text behind a GIF signature reads as an absurd size, refused like any other.
    let error = clean_upload(b"GIF89a<script>alert(1)</script>", &limits()).unwrap_err();
    assert!(error.is_refusal(), "{error}");
}

#[test]
fn nothing_hidden_after_the_image_is_kept() {
    let mut polyglot = images::jpeg(32, 32);
    polyglot.extend_from_slice(b"<html><script>alert(1)</script></html>");
    let clean = clean_upload(&polyglot, &limits()).unwrap();
    assert!(!images::contains(&clean.bytes, b"<script>"));
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header_at_once() {
    let bomb = images::png_claiming(100_000, 100_000);
    assert!(bomb.len() < 100, "the bomb is tiny: {} bytes", bomb.len());
    let started = Instant::now();
    let error = clean_upload(&bomb, &limits()).unwrap_err();
    assert!(
        matches!(error, MediaError::TooWide { width: 100_000, .. }),
        "{error}"
    );
    assert!(error.to_string().contains("100000 × 100000"), "{error}");
    let within_sides = images::png_claiming(10_000, 10_000);
    let error = clean_upload(&within_sides, &limits()).unwrap_err();
    assert!(matches!(error, MediaError::TooManyPixels { .. }), "{error}");
    // No wall-clock assertion; this only documents that nothing was decoded.
    let _ = started.elapsed();
}

#[test]
fn the_decoders_memory_ceiling_holds_too() {
    let tight = MediaLimits {
        max_decoder_bytes: 1024,
        ..limits()
    };
    let error = clean_upload(&images::png(100, 100), &tight).unwrap_err();
    assert!(matches!(error, MediaError::TooMuchMemory), "{error}");
}

#[test]
fn files_too_large_in_bytes_are_refused_before_anything_else() {
    let small = MediaLimits {
        max_bytes: 100,
        ..limits()
    };
    let error = clean_upload(&images::jpeg(64, 64), &small).unwrap_err();
    assert!(matches!(error, MediaError::TooManyBytes { .. }), "{error}");
    assert!(
        error.to_string().contains("the limit is 100 bytes"),
        "{error}"
    );
}

#[test]
fn animations_keep_moving_within_their_limits() {
    let animated = images::gif(40, 30, 6);
    let clean = clean_upload(&animated, &limits()).unwrap();
    assert_eq!(clean.kind, ImageKind::Gif);
    let frames = {
        use image::AnimationDecoder as _;
        image::codecs::gif::GifDecoder::new(std::io::Cursor::new(&clean.bytes))
            .unwrap()
            .into_frames()
            .count()
    };
    assert_eq!(frames, 6, "every frame is kept");
    let short = MediaLimits {
        max_animation_frames: 5,
        ..limits()
    };
    let error = clean_upload(&animated, &short).unwrap_err();
    assert!(
        matches!(error, MediaError::AnimationTooLarge { .. }),
        "{error}"
    );
    let few_pixels = MediaLimits {
        max_animation_pixels: 40 * 30 * 3,
        ..limits()
    };
    assert!(matches!(
        clean_upload(&animated, &few_pixels),
        Err(MediaError::AnimationTooLarge { .. })
    ));
}

#[test]
fn exif_orientation_is_applied_to_the_pixels() {
    // Stored sideways: the camera says "rotate 90° clockwise to view" (orientation 6).
    let sideways = images::with_exif(&images::encode_jpeg(&images::two_halves(40, 20)), 6);
    let clean = clean_upload(&sideways, &limits()).unwrap();
    assert_eq!((clean.width, clean.height), (20, 40), "turned upright");
    let upright = images::decode(&clean.bytes).to_rgb8();
    let top = upright.get_pixel(10, 5);
    let bottom = upright.get_pixel(10, 35);
    assert!(
        top[0] > 150 && top[2] < 100,
        "the left (red) half is now on top: {top:?}"
    );
    assert!(bottom[2] > 150 && bottom[0] < 100, "blue below: {bottom:?}");
    let unturned = images::with_exif(&images::jpeg(40, 20), 1);
    let clean = clean_upload(&unturned, &limits()).unwrap();
    assert_eq!((clean.width, clean.height), (40, 20));
}

#[test]
fn no_gps_position_survives_in_the_original_or_its_thumbnails() {
    let located = images::with_exif(&images::jpeg(1200, 800), 1);
    assert!(
        images::exif_of(&located).is_some(),
        "the upload carries EXIF"
    );
    assert!(images::contains(&located, &images::GPS_LATITUDE_BYTES));
    let clean = clean_upload(&located, &limits()).unwrap();
    assert_eq!(images::exif_of(&clean.bytes), None);
    assert!(!images::contains(&clean.bytes, b"Exif\0\0"));
    assert!(!images::contains(&clean.bytes, &images::GPS_LATITUDE_BYTES));
    let (_, thumbnails) = make_thumbnails(&clean.bytes, &limits()).unwrap();
    assert!(!thumbnails.is_empty());
    for thumbnail in thumbnails {
        assert_eq!(images::exif_of(&thumbnail.bytes), None);
        assert!(!images::contains(
            &thumbnail.bytes,
            &images::GPS_LATITUDE_BYTES
        ));
    }
}

#[test]
fn thumbnails_come_in_three_widths_never_enlarged() {
    let clean = clean_upload(&images::jpeg(2000, 1000), &limits()).unwrap();
    let (kind, thumbnails) = make_thumbnails(&clean.bytes, &limits()).unwrap();
    assert_eq!(kind, ImageKind::Jpeg);
    let sizes: Vec<(u32, u32)> = thumbnails.iter().map(|t| (t.width, t.height)).collect();
    assert_eq!(sizes, [(480, 240), (960, 480), (1600, 800)]);
    for thumbnail in &thumbnails {
        assert_eq!(
            images::dimensions_of(&thumbnail.bytes),
            (thumbnail.width, thumbnail.height)
        );
        assert_eq!(ImageKind::sniff(&thumbnail.bytes).unwrap(), ImageKind::Jpeg);
    }

    let (_, medium) = make_thumbnails(&images::png(1000, 750), &limits()).unwrap();
    let sizes: Vec<(u32, u32)> = medium.iter().map(|t| (t.width, t.height)).collect();
    assert_eq!(
        sizes,
        [(480, 360), (960, 720)],
        "none as wide as the original or wider"
    );
    assert!(
        medium
            .iter()
            .all(|t| ImageKind::sniff(&t.bytes).unwrap() == ImageKind::Png)
    );

    let (_, none) = make_thumbnails(&images::webp(480, 100), &limits()).unwrap();
    assert!(none.is_empty(), "a small image has no copies");

    let (kind, gif) = make_thumbnails(&images::gif(600, 300, 3), &limits()).unwrap();
    assert_eq!(kind, ImageKind::Gif);
    assert_eq!(gif.len(), 1);
    assert_eq!((gif[0].width, gif[0].height), (480, 240));
}
