
/// The built-in theme: `templates/` of Folio's repository, compiled in at build time by the
/// EmbedTheme plugin (`Plugins/EmbedTheme`), which generates `DefaultTheme.files`.
public enum DefaultTheme {
    /// The template names a theme must provide.
    public static let templateNames = ["layout", "page", "navigation", "navigation-item", "toc", "breadcrumbs", "pagination"]
}
