/// The theme's own words in each supported language.
public enum Strings {
    /// Languages with translations; any other `language` falls back to English with a warning.
    public static let languages = ["en", "pt-BR"]

    static let english: [String: String] = [
        "onThisPage": "On this page", "previous": "Previous", "next": "Next", "search": "Search",
        "menu": "Menu", "navigation": "Navigation", "breadcrumbs": "Breadcrumbs", "pagination": "Pages",
        "toggleTheme": "Toggle light and dark theme", "skipToContent": "Skip to content",
        "builtWith": "Built with Folio", "home": "Home", "notFound": "Page not found",
        "editPage": "Edit this page", "repository": "Repository",
        "owner": "Owner", "service": "Service", "severity": "Severity", "lastReviewed": "Last reviewed", "reviewDue": "Next review",
        "overdue": "This runbook is overdue for review", "days": "days",
    ]

    static let portuguese: [String: String] = [
        "onThisPage": "Nesta página", "previous": "Anterior", "next": "Próximo", "search": "Buscar",
        "menu": "Menu", "navigation": "Navegação", "breadcrumbs": "Trilha de navegação", "pagination": "Páginas",
        "toggleTheme": "Alternar tema claro e escuro", "skipToContent": "Pular para o conteúdo",
        "builtWith": "Feito com Folio", "home": "Início", "notFound": "Página não encontrada",
        "editPage": "Editar esta página", "repository": "Repositório",
        "owner": "Responsável", "service": "Serviço", "severity": "Severidade", "lastReviewed": "Última revisão", "reviewDue": "Próxima revisão",
        "overdue": "Este runbook está com a revisão atrasada", "days": "dias",
    ]

    /// The words for a language tag: `pt`, `pt-BR`, `pt-PT` get Portuguese; everything else English.
    public static func table(for language: String) -> [String: String] {
        language.lowercased().hasPrefix("pt") ? portuguese : english
    }

    /// Whether Folio has the theme's words for this language.
    public static func isSupported(_ language: String) -> Bool {
        let lower = language.lowercased()
        return lower == "en" || lower.hasPrefix("en-") || lower == "pt" || lower.hasPrefix("pt-")
    }
}
