import FolioLoad
import FolioMarkdown
import FolioModel
import FolioText
import Foundation
import Mustache

/// Templates and assets: the built-in theme with the user's templates folder laid over it.
public struct Theme: Sendable {
    /// The parsed templates, by name (file name without `.mustache`).
    let library: MustacheLibrary
    /// Files under `assets/` to copy to the output, by path relative to the templates folder.
    package let assets: [String: [UInt8]]
    /// A hash of every template and asset: what a page's cache key says of the theme.
    package let fingerprint: ContentHash
    /// Whether pages are rendered by ``BuiltInLayout`` (no template it stands for is overridden)
    /// rather than by Mustache.
    package var rendersLayoutInSwift: Bool
    /// Whether the sidebar is rendered by ``BuiltInNavigation`` rather than by Mustache.
    package var rendersNavigationInSwift: Bool

    /// The built-in theme with `overrides` (the user's templates folder, read by load) laid over
    /// it; a template that does not parse is a configuration error at its line.
    package static func load(overrides: [TemplateFolder.File], into diagnostics: inout Diagnostics) -> Theme? {
        var sources = DefaultTheme.files.mapValues { Array($0.utf8) }
        var origin: [String: String] = [:]
        for file in overrides {
            sources[file.path] = file.bytes
            origin[file.path] = file.shown
        }
        var library = MustacheLibrary()
        var isValid = true
        _ = registeringEscaping
        for (path, bytes) in sources.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") && !path.hasPrefix("assets/") {
            let name = String(path.dropLast(".mustache".count))
            do {
                let source = escapingPragma + String(decoding: bytes, as: UTF8.self)
                library.register(try MustacheTemplate(string: source), named: name)
            } catch {
                let shown = origin[path] ?? "(built-in) \(path)"
                let text = String(decoding: bytes, as: UTF8.self)
                let location = (endsInsideTag(error) ? unclosedTag(in: text, shown) : nil) ?? templateLocation(error, shown)
                diagnostics.error("template.syntax", describe(error), at: location)
                isValid = false
            }
        }
        let assets = sources.filter { $0.key.hasPrefix("assets/") }
        var fingerprint = ContentHash()
        for (path, bytes) in sources.sorted(by: { $0.key < $1.key }) {
            fingerprint.combine(path)
            fingerprint.combine(bytes)
        }
        // A file identical to the built-in one (Folio's own templates/ folder) overrides nothing.
        let changed = overrides.filter { $0.path.hasSuffix(".mustache") && DefaultTheme.files[$0.path].map { Array($0.utf8) } != $0.bytes }
        let overridden = Set(changed.map { String($0.path.dropLast(".mustache".count)) })
        return isValid
            ? Theme(
                library: library, assets: assets, fingerprint: fingerprint, rendersLayoutInSwift: overridden.isDisjoint(with: BuiltInLayout.templates),
                rendersNavigationInSwift: overridden.isDisjoint(with: BuiltInNavigation.templates)) : nil
    }

    /// Every template, the user's too, escapes `{{values}}` with Folio's own escaping: swift-mustache's
    /// goes Character by Character, so a quote followed by a combining mark (`"\u{301}`) or after
    /// a prepend scalar (`\u{6DD}"`) is one Character that is not `"`, and went out unescaped,
    /// ending the attribute it was in (found by fuzzing).
    static let escapingPragma = "{{% CONTENT_TYPE: FOLIO_HTML }}"

    private struct ScalarHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { escapeHTML(text) }
    }

    private static let registeringEscaping: Void = { MustacheContentTypes.register(ScalarHTML(), named: "FOLIO_HTML") }()

    /// Renders a named template; `nil` when the theme lacks it.
    func render(_ context: [String: Any], with template: String) -> String? {
        library.render(context, withTemplate: template)
    }

    /// swift-mustache's error, in words that say what to fix.
    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.ParserError else { return "\(error)" }
        switch error.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: return "this closing tag does not match the section it closes"
        case .expectedSectionEnd: return "a section opened with {{#name}} or {{^name}} is never closed with {{/name}}"
        case .unfinishedName: return "a tag is not finished: expected '}}'"
        case .invalidSetDelimiter: return "the set-delimiter tag is malformed"
        default:
            return endsInsideTag(error) ? "the template ends inside a tag: a '{{' has no matching '}}'" : "invalid Mustache (\(error.error))"
        }
    }

    /// swift-mustache's internal `overflow` error: the text ended inside a tag.
    private static func endsInsideTag(_ error: Error) -> Bool {
        (error as? MustacheTemplate.ParserError).map { "\($0.error)" == "overflow" } ?? false
    }

    /// Where an unclosed `{{` starts, when the template ends inside a tag (swift-mustache then
    /// reports the end of the file, which does not help).
    private static func unclosedTag(in text: String, _ path: String) -> SourceLocation? {
        guard let open = text.range(of: "{{", options: .backwards), !text[open.upperBound...].contains("}}") else { return nil }
        let position = LineIndex(text).position(ofByte: text.utf8.distance(from: text.startIndex, to: open.lowerBound))
        return SourceLocation(path: path, line: position.line, column: position.column)
    }

    private static func templateLocation(_ error: Error, _ path: String) -> SourceLocation {
        if let error = error as? MustacheTemplate.ParserError {
            // The escaping pragma Folio puts before the first line is not the author's.
            let column = error.context.lineNumber == 1 ? max(1, error.context.columnNumber - escapingPragma.count) : error.context.columnNumber
            return SourceLocation(path: path, line: error.context.lineNumber, column: column)
        }
        return SourceLocation(path: path)
    }
}
