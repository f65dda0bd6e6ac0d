//! The annual report in the back office: choose year, language and audience, preview it in the
//! browser, download it as PDF or Markdown.

pub mod annual;
pub mod editor;
