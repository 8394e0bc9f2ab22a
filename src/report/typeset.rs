//! PDF typesetting with Typst, compiled into the binary: a template from `templates/` (`*.typ`), the data it
//! lays out as `data.json`, images as further virtual files, and the fonts Beacon ships (`assets/fonts`: Noto
//! Sans for Latin, Greek and Cyrillic scripts, Noto Sans Arabic), embedded and subset in every PDF.
//!
//! The same template, data and images make the same PDF, byte for byte: the document has no creation date,
//! its identifier is derived from a key the caller gives, and no file outside the ones handed in is read
//! (no system fonts, no packages, no clock).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The fonts every PDF may use, compiled in.
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf"),
];

/// The font families a template can name.
pub const FONT_FAMILIES: [&str; 2] = ["Noto Sans", "Noto Sans Arabic"];

/// A template that could not be read, or that failed to compile: the file, the line and Typst's words.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    #[error("{path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{}", .0.join("; "))]
    Compile(Vec<String>),
}

/// One loaded template with the fonts: cheap to share, used from blocking threads.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    /// The template's path as people know it (`templates/pack.typ`), for errors.
    shown_path: PathBuf,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("template", &self.shown_path)
            .field("fonts", &self.fonts.len())
            .finish()
    }
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| {
        // Only Beacon's own fixed names reach here.
        VirtualPath::new("invalid").expect("a plain file name is a virtual path")
    });
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl Typesetter {
    /// Reads the template at `path` (its text only: it may not import other files).
    pub fn load(path: &Path) -> Result<Self, TypesetError> {
        let text = std::fs::read_to_string(path).map_err(|e| TypesetError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(Self::from_text(path, text))
    }

    /// A template from its text; `path` names it in errors.
    pub fn from_text(path: &Path, text: String) -> Self {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("template.typ");
        Self {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id(name), text),
            shown_path: path.to_path_buf(),
        }
    }

    /// Lays out the template with `data` (JSON, read by the template as `json("data.json")`) and `images`
    /// (name → bytes, read by `image("name")`), and writes the PDF. `ident` names the document stably
    /// (the same ident and inputs give the same bytes).
    pub fn pdf(
        &self,
        data: &[u8],
        images: &[(&str, Vec<u8>)],
        ident: &str,
    ) -> Result<Vec<u8>, TypesetError> {
        let mut files = HashMap::new();
        files.insert(file_id("data.json"), Bytes::new(data.to_vec()));
        for (name, bytes) in images {
            files.insert(file_id(name), Bytes::new(bytes.clone()));
        }
        let world = RenderWorld { t: self, files };
        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned.output.map_err(|e| self.errors(&world, &e[..]))?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some("Beacon".to_string())),
            timestamp: None,
            ..Default::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|e| self.errors(&world, &e))?;
        // Typst keeps what it computed for later compilations; a long-running server trims it.
        typst::comemo::evict(30);
        Ok(pdf)
    }

    fn errors(&self, world: &RenderWorld<'_>, diagnostics: &[SourceDiagnostic]) -> TypesetError {
        let lines = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let place = d.span.id().and_then(|id| {
                    let range = world.range(d.span)?;
                    if id == self.main.id() {
                        let line = self.main.lines().byte_to_line(range.start)? + 1;
                        Some(format!("{}:{line}", self.shown_path.display()))
                    } else {
                        Some(id.vpath().get_without_slash().to_string())
                    }
                });
                match place {
                    Some(place) => format!("{place}: {}", d.message),
                    None => format!("{}: {}", self.shown_path.display(), d.message),
                }
            })
            .collect();
        TypesetError::Compile(lines)
    }
}

/// What one compilation sees: the template, the fonts and this document's files.
struct RenderWorld<'a> {
    t: &'a Typesetter,
    files: HashMap<FileId, Bytes>,
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.t.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.t.book
    }

    fn main(&self) -> FileId {
        self.t.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.t.main.id() {
            Ok(self.t.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.t.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: a date a document shows comes in its data.
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"
#let data = json("data.json")
#set document(title: data.title, date: none)
#set text(font: ("Noto Sans", "Noto Sans Arabic"), lang: data.lang)
#set page(paper: "a4")
= #data.title
#data.body
#image("mark.svg", width: 2cm)
"#;

    fn render(lang: &str, title: &str, body: &str) -> Result<Vec<u8>, TypesetError> {
        let t = Typesetter::from_text(Path::new("templates/test.typ"), TEMPLATE.to_string());
        let data = serde_json::json!({"title": title, "body": body, "lang": lang}).to_string();
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="teal"/></svg>"#;
        t.pdf(data.as_bytes(), &[("mark.svg", svg.to_vec())], "test")
    }

    #[test]
    fn the_same_inputs_make_the_same_pdf_with_embedded_fonts() {
        let a = render(
            "lt",
            "Įspėjamieji požymiai",
            "Ąžuolas, ūkis, šešėlis, žąsis.",
        )
        .unwrap();
        let b = render(
            "lt",
            "Įspėjamieji požymiai",
            "Ąžuolas, ūkis, šešėlis, žąsis.",
        )
        .unwrap();
        assert!(a.starts_with(b"%PDF-"));
        assert_eq!(a, b, "byte for byte");
        let text = String::from_utf8_lossy(&a);
        assert!(text.contains("/FontFile2"), "TrueType fonts embedded");
        assert!(text.contains("NotoSans"), "Noto Sans used");
        assert!(!text.contains("/CreationDate"), "no clock in the PDF");
        let other = render("lt", "Įspėjamieji požymiai", "Kitas tekstas.").unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn arabic_is_set_right_to_left_in_noto_sans_arabic() {
        let pdf = render(
            "ar",
            "علامات التحذير",
            "إذا كان شخص في خطر مباشر، اتصل بالطوارئ.",
        )
        .unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("NotoSansArabic"), "the Arabic font embedded");
    }

    #[test]
    fn a_template_error_names_the_file_and_line() {
        let t = Typesetter::from_text(
            Path::new("templates/broken.typ"),
            "= Title\n\n#let x = (\n".to_string(),
        );
        let err = t.pdf(b"{}", &[], "x").unwrap_err().to_string();
        assert!(err.starts_with("templates/broken.typ:3"), "{err}");
        let t = Typesetter::from_text(
            Path::new("templates/missing.typ"),
            "#image(\"nothing.svg\")\n".to_string(),
        );
        let err = t.pdf(b"{}", &[], "x").unwrap_err().to_string();
        assert!(err.starts_with("templates/missing.typ:1"), "{err}");
    }
}
