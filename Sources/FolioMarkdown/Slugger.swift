/// Heading ids by GitHub's rule, with `-1`, `-2` for repeats within one page.
///
/// Lowercase; characters with the Unicode Alphabetic property (letters, and also circled
/// letters such as `ⓐ`), marks, decimal digits, connector punctuation (`_`), `-` and spaces
/// kept; everything else (`²`, `½`, symbols, other punctuation) dropped; spaces become `-`.
/// `Instalação rápida` -> `instalação-rápida`. Checked against github-slugger's fixtures.
public struct Slugger: Sendable {
    private var seen: [String: Int] = [:]

    /// Makes a slugger with no ids taken.
    public init() {}

    /// The slug of `text` before de-duplication.
    public static func slug(_ text: String) -> String {
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

    /// The next unique id for `text` on this page.
    public mutating func uniqueSlug(_ text: String) -> String {
        let base = Self.slug(text)
        var candidate = base
        while seen[candidate] != nil {
            let next = (seen[base] ?? 0) + 1
            seen[base] = next
            candidate = "\(base)-\(next)"
        }
        seen[candidate] = 0
        return candidate
    }
}
