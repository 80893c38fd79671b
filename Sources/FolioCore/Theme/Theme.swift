import Foundation
import Mustache

/// Templates and assets: the built-in theme with the user's templates folder laid over it.
public struct Theme: Sendable {
    /// The parsed templates, by name (file name without `.mustache`).
    let library: MustacheLibrary
    /// Files under `assets/` to copy to the output, by path relative to the templates folder.
    let assets: [String: [UInt8]]

    /// Loads the theme; a template that does not parse is a configuration error at its line.
    static func load(overridesAt folder: String?, displayPath: String, into diagnostics: inout Diagnostics) -> Theme? {
        var sources = DefaultTheme.files.mapValues { Array($0.utf8) }
        var origin: [String: String] = [:]
        if let folder { overlay(folder, onto: &sources, origin: &origin, displayPath: displayPath) }
        var library = MustacheLibrary()
        var isValid = true
        for (path, bytes) in sources.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") && !path.hasPrefix("assets/") {
            let name = String(path.dropLast(".mustache".count))
            do {
                library.register(try MustacheTemplate(string: String(decoding: bytes, as: UTF8.self)), named: name)
            } catch {
                let shown = origin[path] ?? "(built-in) \(path)"
                diagnostics.error("template.syntax", "template does not parse: \(describe(error))", at: templateLocation(error, shown))
                isValid = false
            }
        }
        let assets = sources.filter { $0.key.hasPrefix("assets/") }
        return isValid ? Theme(library: library, assets: assets) : nil
    }

    /// Renders a named template; `nil` when the theme lacks it.
    func render(_ context: [String: Any], with template: String) -> String? {
        library.render(context, withTemplate: template)
    }

    private static func overlay(_ folder: String, onto sources: inout [String: [UInt8]], origin: inout [String: String], displayPath: String) {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return }
        while let relative = enumerator.nextObject() as? String {
            let full = folder + "/" + relative
            var isDirectory: ObjCBool = false
            guard !RepoPath.fileName(relative).hasPrefix("."),
                FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            sources[relative] = Array(data)
            origin[relative] = RepoPath.join(displayPath, relative)
        }
    }

    private static func describe(_ error: Error) -> String {
        if let error = error as? MustacheTemplate.ParserError { return "\(error.error)" }
        return "\(error)"
    }

    private static func templateLocation(_ error: Error, _ path: String) -> SourceLocation {
        if let error = error as? MustacheTemplate.ParserError {
            return SourceLocation(path: path, line: error.context.lineNumber, column: error.context.columnNumber)
        }
        return SourceLocation(path: path)
    }
}
