/// Heading ids by GitHub's rule, with `-1`, `-2` for repeats within one page.
///
/// Lowercase; Unicode letters, marks, digits, `_`, `-` and spaces kept; everything else dropped;
/// spaces become `-`. `Instalação rápida` -> `instalação-rápida`.
public struct Slugger: Sendable {
    private var seen: [String: Int] = [:]

    /// Makes a slugger with no ids taken.
    public init() {}

    /// The slug of `text` before de-duplication.
    public static func slug(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark,
                .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
                result.append(scalar)
            case _ where scalar == "-": result.append(scalar)
            case _ where scalar == " ": result.append("-")
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
