import Foundation

/// How heading ids are made.
public enum SlugStyle: String, Sendable, CaseIterable {
    /// GitHub's rule (the default): `Instalação rápida` -> `instalação-rápida`; repeats `-1`, `-2`.
    case github
    /// MkDocs' default (Python-Markdown's `toc`): accents folded to ASCII, `instalacao-rapida`;
    /// repeats `_1`, `_2`.
    case pythonMarkdown = "python-markdown"
}

/// Heading ids, unique within one page, by GitHub's rule or by Python-Markdown's.
///
/// GitHub: lowercase; characters with the Unicode Alphabetic property (letters, and also
/// circled letters such as `ⓐ`), marks, decimal digits, connector punctuation (`_`), `-` and
/// spaces kept; everything else (`²`, `½`, symbols, other punctuation) dropped; spaces become
/// `-`. Checked against github-slugger's fixtures.
///
/// Python-Markdown: NFKD, non-ASCII dropped, then everything but `[A-Za-z0-9_]`, whitespace and
/// `-` dropped, trimmed, lowercased, runs of whitespace and `-` become one `-`; an empty id or a
/// repeat gets `_1`, `_2`. Checked against Python-Markdown 3.11's own output.
public struct Slugger: Sendable {
    public let style: SlugStyle
    private var seen: [String: Int] = [:]
    /// For Python-Markdown's ids: the numbers `stem_1` to `stem_n` all taken, by stem.
    private var taken: [String: Int] = [:]

    /// Makes a slugger with no ids taken.
    public init(style: SlugStyle = .github) {
        self.style = style
    }

    /// GitHub's slug of `text` before de-duplication.
    public static func slug(_ text: String) -> String { asciiSlug(text) ?? unicodeSlug(text) }

    /// The rule on any text, scalar by scalar.
    static func unicodeSlug(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII {
                switch scalar {
                case "a"..."z", "0"..."9", "_", "-": result.append(scalar)
                case " ": result.append("-")
                default: continue
                }
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation:
                result.append(scalar)
            case _ where scalar.properties.isAlphabetic:
                result.append(scalar)
            default: continue
            }
        }
        return String(result)
    }

    /// `slug(text)` of an ASCII `text`, a byte at a time (no lowercased copy, no Unicode
    /// properties: 77,000 headings at 10,000 pages); `nil` for any other text.
    static func asciiSlug(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): result.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): result.append(byte | 0x20)
                case UInt8(ascii: " "): result.append(UInt8(ascii: "-"))
                default: continue
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// Python-Markdown's `slugify(text, "-")` before de-duplication.
    public static func pythonMarkdownSlug(_ text: String) -> String {
        // Python's str.isspace() for ASCII: \t \n \v \f \r, \x1c-\x1f and space.
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F) }
        func isWord(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        let ascii = text.decomposedStringWithCompatibilityMapping.utf8.filter { $0 < 0x80 }
        var kept = ascii.filter { isWord($0) || isSpace($0) || $0 == UInt8(ascii: "-") }
        while let first = kept.first, isSpace(first) { kept.removeFirst() }
        while let last = kept.last, isSpace(last) { kept.removeLast() }
        var result: [UInt8] = []
        var inRun = false
        for byte in kept {
            if isSpace(byte) || byte == UInt8(ascii: "-") {
                if !inRun { result.append(UInt8(ascii: "-")) }
                inRun = true
            } else {
                result.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                inRun = false
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Takes `id` (an explicit `{#id}`) so that no generated id repeats it.
    public mutating func reserve(_ id: String) {
        if seen[id] == nil { seen[id] = 0 }
    }

    /// The next unique id for `text` on this page.
    public mutating func uniqueSlug(_ text: String) -> String {
        switch style {
        case .github: return uniqueGitHub(Self.slug(text))
        case .pythonMarkdown: return uniquePython(Self.pythonMarkdownSlug(text))
        }
    }

    private mutating func uniqueGitHub(_ base: String) -> String {
        var candidate = base
        while seen[candidate] != nil {
            let next = (seen[base] ?? 0) + 1
            seen[base] = next
            candidate = "\(base)-\(next)"
        }
        seen[candidate] = 0
        return candidate
    }

    /// Python-Markdown's `unique`: `x` -> `x_1`; `x_1` -> `x_2`; an empty id -> `_1`: from the
    /// candidate's own number up, the first id not taken. `taken[stem]` is how many of `stem_1`,
    /// `stem_2`... are all taken, so the walk starts past them (walking from `_1` for each of
    /// 20,000 equal headings took 34 s).
    private mutating func uniquePython(_ base: String) -> String {
        var candidate = base
        while candidate.isEmpty || seen[candidate] != nil {
            var stem = candidate
            var number = 0
            if let underscore = candidate.lastIndex(of: "_"), case let digits = candidate.utf8[candidate.utf8.index(after: underscore)...],
                !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(Substring(digits))
            {
                stem = String(candidate[..<underscore])
                number = value
            }
            let next = max(number + 1, (taken[stem] ?? 0) + 1)
            candidate = "\(stem)_\(next)"
        }
        seen[candidate] = 0
        // Extend the run of taken numbers of this id's stem.
        if let underscore = candidate.lastIndex(of: "_"), let value = Int(candidate[candidate.index(after: underscore)...]) {
            let stem = String(candidate[..<underscore])
            var run = taken[stem] ?? 0
            if value == run + 1 {
                run = value
                while seen["\(stem)_\(run + 1)"] != nil { run += 1 }
                taken[stem] = run
            }
        }
        return candidate
    }
}
