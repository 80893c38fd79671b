/// The built-in theme: `templates/` of Folio's repository, embedded at build time by
/// `scripts/embed-theme.sh` (see `DefaultTheme+Files.swift`).
public enum DefaultTheme {
    /// The template names a theme must provide.
    public static let templateNames = ["layout", "page", "navigation", "navigation-item", "toc", "breadcrumbs", "pagination"]
}
