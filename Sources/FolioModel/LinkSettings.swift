import FolioMarkdown
import FolioText
import FolioYAML
import Foundation

/// `links:` in folio.yaml: what the link check checks and how.
public struct LinkSettings: Sendable, Equatable {
    /// Check external URLs (also `--external`).
    public var external = false
    /// MkDocs site URLs: from `a/b.md`, `../page/` or `../page` is the page `a/page.md`.
    public var directoryURLs = false
    /// Links whose target as written matches one of these regular expressions are not reported.
    public var ignore: [URLPattern] = []
    /// Files (repository paths, `*` and `**` globs) the check leaves out; for fixtures of broken docs.
    public var excludeFiles: [URLPattern] = []
    /// External URLs matching one of these are not requested.
    public var exclude: [URLPattern] = []
    /// When set, only external URLs matching one of these are requested.
    public var include: [URLPattern] = []
    /// HTTP status codes that count as working, after redirects.
    public var accept: Set<Int> = Set(200...299)
    /// Seconds before a request gives up.
    public var timeout: Double = 20
    /// Requests in flight at once, overall and per host.
    public var concurrency = 32
    public var concurrencyPerHost = 4
    /// Attempts after the first for 429, 5xx, timeouts and connection failures.
    public var retries = 2
    /// The longest `Retry-After` honoured, in seconds; a longer one gives up at once.
    public var maxRetryWait: Double = 30
    /// How long a working URL stays in `.folio/cache/`; 0 turns the cache off.
    public var cacheMaxAge: Double = 86_400
    /// Check `#fragment`s of external HTML pages (downloads each such page).
    public var checkExternalFragments = false
    /// Severities by rule from mkdocs.yml's `validation` (`nil`: not reported).
    public var levels: [String: Diagnostic.Severity?] = [:]

    /// The keys `links:` accepts.
    static let keys = [
        "external", "directory_urls", "ignore", "exclude_files", "exclude", "include", "accept", "timeout", "concurrency",
        "concurrency_per_host", "retries", "max_retry_wait", "cache_max_age", "fragments",
    ]

    public init() {}
}

/// A regular expression (or, for `exclude_files`, a glob) from folio.yaml, with where it was written.
public struct URLPattern: Sendable, Equatable {
    public var source: String
    public var mark: TextPosition
    let regex: NSRegularExpressionBox

    /// Compiles `source`; `nil` when it is not a valid regular expression.
    init?(_ source: String, mark: TextPosition, isGlob: Bool = false) {
        let pattern = isGlob ? Self.regex(fromGlob: source) : source
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        self.source = source
        self.mark = mark
        self.regex = NSRegularExpressionBox(regex: regex)
    }

    /// Whether the pattern matches part of `text` (a glob matches all of it).
    public func matches(_ text: String) -> Bool {
        regex.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `docs/**/*.md` -> `^docs/(.*/)?[^/]*\.md$`; a pattern without `/` matches at any depth.
    static func regex(fromGlob glob: String) -> String {
        var result = glob.contains("/") ? "^" : "^(.*/)?"
        var characters = Substring(glob.hasPrefix("/") ? String(glob.dropFirst()) : glob)
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "*":
                if characters.first == "*" {
                    characters = characters.dropFirst()
                    if characters.first == "/" {
                        characters = characters.dropFirst()
                        result += "(.*/)?"
                    } else {
                        result += ".*"
                    }
                } else {
                    result += "[^/]*"
                }
            case "?": result += "[^/]"
            default: result += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        return result + (glob.hasSuffix("/") ? ".*$" : "(/.*)?$")
    }

    public static func == (lhs: URLPattern, rhs: URLPattern) -> Bool { lhs.source == rhs.source && lhs.mark == rhs.mark }
}

/// `NSRegularExpression` is immutable and safe to share; the box says so to the compiler.
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
}

extension LinkSettings {
    /// Reads the `links` mapping.
    static func parse(_ node: YAMLNode, path: String, into diagnostics: inout Diagnostics) throws -> LinkSettings {
        var settings = LinkSettings()
        for pair in try SettingsReader.pairs(of: node, name: "links", keys: keys, path: path, into: &diagnostics) {
            let key = "links." + (pair.key.scalar?.string ?? "")
            let value = pair.value
            switch pair.key.scalar?.string {
            case "external": settings.external = try SettingsReader.bool(value, key)
            case "directory_urls": settings.directoryURLs = try SettingsReader.bool(value, key)
            case "fragments": settings.checkExternalFragments = try SettingsReader.bool(value, key)
            case "ignore": settings.ignore = try patterns(value, key)
            case "exclude": settings.exclude = try patterns(value, key)
            case "include": settings.include = try patterns(value, key)
            case "exclude_files": settings.excludeFiles = try patterns(value, key, isGlob: true)
            case "accept": settings.accept = try statusCodes(value, key)
            case "timeout": settings.timeout = try SettingsReader.duration(value, key, allowZero: false, maximum: 3_600)
            case "max_retry_wait": settings.maxRetryWait = try SettingsReader.duration(value, key, allowZero: true, maximum: 3_600)
            case "cache_max_age": settings.cacheMaxAge = try SettingsReader.duration(value, key, allowZero: true, maximum: 365 * 86_400)
            case "concurrency": settings.concurrency = try SettingsReader.integer(value, key, in: 1...256)
            case "concurrency_per_host": settings.concurrencyPerHost = try SettingsReader.integer(value, key, in: 1...64)
            case "retries": settings.retries = try SettingsReader.integer(value, key, in: 0...10)
            default: break
            }
        }
        return settings
    }

    private static func patterns(_ node: YAMLNode, _ key: String, isGlob: Bool = false) throws -> [URLPattern] {
        let items = node.items ?? (node.scalar.map { _ in [node] } ?? [])
        guard node.items != nil || node.scalar != nil else {
            throw YAMLError.type(path: key, expected: "a list of patterns", found: node.summary, node.mark)
        }
        return try items.map { item in
            guard let text = item.scalar?.string, !text.isEmpty else {
                throw YAMLError.type(path: key, expected: "a pattern", found: item.summary, item.mark)
            }
            guard let pattern = URLPattern(text, mark: item.mark, isGlob: isGlob) else {
                throw ConfigError(
                    rule: "config.pattern", message: "'\(text)' in '\(key)' is not a valid regular expression", mark: item.mark,
                    suggestion: "escape special characters such as '.', '?' and '(' with a backslash")
            }
            return pattern
        }
    }

    /// `[200, 403]`, `"200..299"` or `[200..299, 403]`.
    private static func statusCodes(_ node: YAMLNode, _ key: String) throws -> Set<Int> {
        let items = node.items ?? [node]
        var codes = Set<Int>()
        for item in items {
            let text = item.scalar?.string ?? ""
            let bounds = text.components(separatedBy: "..").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil, (100...599).contains(low),
                (low...599).contains(high)
            else {
                throw YAMLError.invalidValue(path: key, message: "expected HTTP status codes such as 200, 403 or 200..299, found '\(text)'", item.mark)
            }
            codes.formUnion(low...high)
        }
        return codes
    }
}

/// `anchors:` in folio.yaml.
public struct AnchorSettings: Sendable, Equatable {
    /// How heading ids are made, in the site and in the check.
    public var slugs: SlugStyle = .github

    static let keys = ["slugs"]

    public init() {}

    static func parse(_ node: YAMLNode, path: String, into diagnostics: inout Diagnostics) throws -> AnchorSettings {
        var settings = AnchorSettings()
        for pair in try SettingsReader.pairs(of: node, name: "anchors", keys: keys, path: path, into: &diagnostics) {
            let text = pair.value.scalar?.string ?? ""
            guard let style = SlugStyle(rawValue: text) else {
                let names = SlugStyle.allCases.map(\.rawValue)
                let found = pair.value.scalar == nil ? pair.value.summary : "'\(text)'"
                throw ConfigError(
                    rule: "config.slugs", message: "'anchors.slugs' must be one of \(names.joined(separator: ", ")), found \(found)",
                    mark: pair.value.mark, suggestion: Suggestions.didYouMean(text, in: names))
            }
            settings.slugs = style
        }
        return settings
    }
}

/// Reading nested settings: typed values with the key's path in the message.
enum SettingsReader {
    /// The pairs of a mapping; unknown keys are warnings with a suggestion.
    static func pairs(of node: YAMLNode, name: String, keys: [String], path: String, into diagnostics: inout Diagnostics) throws -> [YAMLPair] {
        guard let pairs = node.pairs else { throw YAMLError.type(path: name, expected: "a mapping", found: node.summary, node.mark) }
        return pairs.filter { pair in
            let key = pair.key.scalar?.string ?? pair.key.summary
            guard keys.contains(key) else {
                diagnostics.unknownKey(
                    "config.unknown-key", "unknown setting '\(name).\(key)'", key: key, known: keys, at: Config.location(pair.key.mark, path),
                    listing: "known settings")
                return false
            }
            return true
        }
    }

    static func bool(_ node: YAMLNode, _ key: String) throws -> Bool {
        guard case .bool(let value)? = node.scalar?.value else {
            throw YAMLError.type(path: key, expected: "true or false", found: node.summary, node.mark)
        }
        return value
    }

    static func integer(_ node: YAMLNode, _ key: String, in range: ClosedRange<Int>) throws -> Int {
        guard case .int(let value)? = node.scalar?.value, range.contains(value) else {
            throw YAMLError.invalidValue(path: key, message: "expected a whole number from \(range.lowerBound) to \(range.upperBound)", node.mark)
        }
        return value
    }

    /// `30`, `30s`, `10m`, `12h`, `1d`, `2w` -> seconds, at most `maximum` (every duration has a
    /// documented range: a huge one overflowed URLSession's timer and crashed the check).
    static func duration(_ node: YAMLNode, _ key: String, allowZero: Bool, maximum: Double) throws -> Double {
        let found = node.scalar?.string ?? node.summary
        guard let text = node.scalar?.string, let seconds = parseDuration(text) else {
            throw YAMLError.invalidValue(path: key, message: "expected a duration such as 30s, 10m, 12h, 1d or 2w, found '\(found)'", node.mark)
        }
        guard seconds <= maximum, seconds > 0 || (allowZero && seconds == 0) else {
            throw YAMLError.invalidValue(
                path: key, message: "expected a duration from \(allowZero ? "0s" : "more than 0s") to \(describe(maximum)), found '\(found)'", node.mark)
        }
        return seconds
    }

    /// `16MB`, `512KB`, `1GB` or a bare number of bytes, within `range`.
    static func size(_ node: YAMLNode, _ key: String, in range: ClosedRange<Int>) throws -> Int {
        let text = (node.scalar?.string ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
        let (number, factor) = units.first { text.hasSuffix($0.0) }.map { (String(text.dropLast($0.0.count)), $0.1) } ?? (text, 1)
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0,
            value * Double(factor) <= Double(range.upperBound), Int(value * Double(factor)) >= range.lowerBound
        else {
            throw YAMLError.invalidValue(
                path: key, message: "expected a size from \(ByteCount.describe(range.lowerBound)) to \(ByteCount.describe(range.upperBound)) such as 16MB or 512KB, found '\(node.scalar?.string ?? node.summary)'",
                node.mark)
        }
        return Int(value * Double(factor))
    }

    /// `3600` -> `1h`, `604800` -> `7d`: the largest whole unit.
    static func describe(_ seconds: Double) -> String {
        for (unit, factor) in [("d", 86_400.0), ("h", 3_600), ("m", 60)] where seconds >= factor && seconds.truncatingRemainder(dividingBy: factor) == 0 {
            return "\(Int(seconds / factor))\(unit)"
        }
        return "\(Int(seconds))s"
    }

    /// Seconds in `90d`, `12h`, `1.5s` or a bare number of seconds; `nil` when unreadable.
    static func parseDuration(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        if let unit = trimmed.last, let factor = units[unit], let number = Double(trimmed.dropLast()), number >= 0, number.isFinite {
            return number * factor
        }
        if let number = Double(trimmed), number >= 0, number.isFinite { return number }
        return nil
    }
}
