/// The theme's own words in each supported language.
public enum Strings {
    /// Languages with translations; any other `language` falls back to English with a warning.
    public static let languages = ["en", "pt-BR"]

    static let english: [String: String] = [
        "onThisPage": "On this page", "previous": "Previous", "next": "Next", "search": "Search", "noResults": "No results",
        "menu": "Menu", "navigation": "Navigation", "breadcrumbs": "Breadcrumbs", "pagination": "Pages",
        "toggleTheme": "Toggle light and dark theme", "skipToContent": "Skip to content",
        "builtWith": "Built with Folio", "home": "Home", "notFound": "Page not found",
        "notFoundText": "Nothing lives at this address. Search above, or start again from the home page:",
        "editPage": "Edit this page", "repository": "Repository", "morePages": "%d more…",
        "permalink": "Link to this section", "task": "Task", "copy": "Copy", "copied": "Copied", "copyCode": "Copy code",
        "expand": "Show pages in", "results": "%d results", "oneResult": "1 result", "moreResults": "Show more results",
        "owner": "Owner", "service": "Service", "severity": "Severity", "lastReviewed": "Last reviewed", "reviewDue": "Next review",
        "overdue": "This runbook is overdue for review", "days": "days",
        // Generated tables (`folio` blocks).
        "deliverable": "Deliverable", "impact": "Main impact", "artifacts": "Available artifacts", "requirement": "Requirement",
        "requirements": "Requirements", "details": "Details", "commands": "Commands", "status": "Status", "deliverables": "Deliverables",
        "progress": "Progress", "planned": "planned", "missing": "missing", "none": "none", "artifactsOf": "artifacts available",
        "done": "done", "in-progress": "in progress", "notCovered": "not covered yet", "nextSteps": "Next steps",
        "runbook": "Runbook", "reviewState": "Review", "upToDate": "up to date", "overdueShort": "overdue",
        "image": "Image or build", "ports": "Ports", "dependsOn": "Depends on", "profiles": "Profiles",
        "target": "Target", "description": "Description",
        "kind.doc": "doc", "kind.code": "code", "kind.notebook": "notebook", "kind.video": "video", "kind.model": "model",
        "kind.demo": "demo", "kind.dataset": "dataset", "kind.other": "other",
        // `folio report` (text and Markdown; JSON and CSV keep their English keys).
        "report.requirement": "requirement", "report.deliverables": "deliverables", "report.artifacts": "artifacts",
        "report.available": "available", "report.planned": "planned", "report.missing": "missing",
    ]

    static let portuguese: [String: String] = [
        "onThisPage": "Nesta página", "previous": "Anterior", "next": "Próximo", "search": "Buscar", "noResults": "Nenhum resultado",
        "menu": "Menu", "navigation": "Navegação", "breadcrumbs": "Trilha de navegação", "pagination": "Páginas",
        "toggleTheme": "Alternar tema claro e escuro", "skipToContent": "Pular para o conteúdo",
        "builtWith": "Feito com Folio", "home": "Início", "notFound": "Página não encontrada",
        "notFoundText": "Não há nada neste endereço. Busque acima ou recomece pela página inicial:",
        "editPage": "Editar esta página", "repository": "Repositório", "morePages": "mais %d…",
        "permalink": "Link para esta seção", "task": "Tarefa", "copy": "Copiar", "copied": "Copiado", "copyCode": "Copiar código",
        "expand": "Mostrar páginas de", "results": "%d resultados", "oneResult": "1 resultado", "moreResults": "Mostrar mais resultados",
        "owner": "Responsável", "service": "Serviço", "severity": "Severidade", "lastReviewed": "Última revisão", "reviewDue": "Próxima revisão",
        "overdue": "Este runbook está com a revisão atrasada", "days": "dias",
        "deliverable": "Entrega", "impact": "Impacto principal", "artifacts": "Artefatos disponíveis", "requirement": "Requisito",
        "requirements": "Requisitos", "details": "Detalhes", "commands": "Comandos", "status": "Situação", "deliverables": "Entregas",
        "progress": "Progresso", "planned": "previsto", "missing": "não encontrado", "none": "nenhum", "artifactsOf": "artefatos disponíveis",
        "done": "concluída", "in-progress": "em andamento", "notCovered": "ainda sem entrega", "nextSteps": "Próximos passos",
        "runbook": "Runbook", "reviewState": "Revisão", "upToDate": "em dia", "overdueShort": "atrasada",
        "image": "Imagem ou build", "ports": "Portas", "dependsOn": "Depende de", "profiles": "Perfis",
        "target": "Alvo", "description": "Descrição",
        "kind.doc": "documento", "kind.code": "código", "kind.notebook": "notebook", "kind.video": "vídeo", "kind.model": "modelo",
        "kind.demo": "demo", "kind.dataset": "dataset", "kind.other": "outro",
        "report.requirement": "requisito", "report.deliverables": "entregas", "report.artifacts": "artefatos",
        "report.available": "disponíveis", "report.planned": "previstos", "report.missing": "ausentes",
    ]

    /// The words for a language tag: `pt`, `pt-BR`, `pt-PT` get Portuguese; everything else English.
    public static func table(for language: String) -> [String: String] {
        language.lowercased().hasPrefix("pt") ? portuguese : english
    }

    /// The words of a site: its language's, with `labels:` from folio.yaml on top (how a site in
    /// another language, or with its own column names, says it).
    package static func table(for config: Config) -> [String: String] {
        table(for: config.language).merging(config.labels) { _, own in own }
    }

    /// Every key `labels:` may set.
    static var keys: [String] { english.keys.sorted() }

    /// Whether Folio has the theme's words for this language.
    public static func isSupported(_ language: String) -> Bool {
        let lower = language.lowercased()
        return lower == "en" || lower.hasPrefix("en-") || lower == "pt" || lower.hasPrefix("pt-")
    }
}
