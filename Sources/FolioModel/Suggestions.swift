/// "Did you mean" suggestions by edit distance: the one place that finds and words them.
package enum Suggestions {
    /// `did you mean 'title'?` for the closest candidate, else `otherwise`.
    package static func didYouMean(_ word: String, in candidates: some Sequence<String>, otherwise: String? = nil) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" } ?? otherwise
    }

    /// The closest candidate within a distance that scales with the word, or `nil`.
    package static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        let limit = max(1, min(3, target.count / 3))
        var best: (String, Int)?
        for candidate in candidates {
            // An ASCII name is as long as its bytes: most candidates are ruled out by their
            // length before they are lowercased (a file name per file of the folder, for each
            // broken link).
            let bytes = candidate.utf8.count
            if bytes > target.count + limit || bytes < target.count - limit, candidate.utf8.allSatisfy({ $0 < 0x80 }) { continue }
            let other = Array(candidate.lowercased().unicodeScalars)
            guard abs(other.count - target.count) <= limit else { continue }
            // Only a distance within the limit and below the best so far matters: the count
            // stops once it is past that (every candidate was counted in full: 1.5% of a build
            // of the benchmark's pages, with their 2,473 broken links).
            let distance = editDistance(target, other, bound: min(limit, (best?.1 ?? .max) - 1))
            if distance <= limit, distance < best?.1 ?? .max { best = (candidate, distance) }
        }
        return best?.0
    }

    /// The anchor a mistyped `#fragment` most likely meant: the same id without accents
    /// (`reinicio-do-servico` for `reinício-do-serviço`, as MkDocs and GitHub slugs differ),
    /// else the closest by edit distance, else the shortest id that starts with it (`#reinicio`).
    package static func closestAnchor(to fragment: String, in anchors: [String]) -> String? {
        let folded = fold(fragment)
        guard !folded.isEmpty else { return nil }
        let foldedAnchors = anchors.map(fold)
        if let same = foldedAnchors.firstIndex(of: folded) { return anchors[same] }
        if let close = closest(to: fragment, in: anchors) { return close }
        let starting = anchors.indices.filter { foldedAnchors[$0].hasPrefix(folded) && foldedAnchors[$0].count > folded.count }
        return starting.min { (anchors[$0].count, anchors[$0]) < (anchors[$1].count, anchors[$1]) }.map { anchors[$0] }
    }

    /// Lowercased, accents removed, `_` as `-`.
    private static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: text.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : ($0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0) }, as: UTF8.self)
        }
        return text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).replacingOccurrences(of: "_", with: "-")
    }

    /// Edit distance where swapping two neighbours counts as one edit (optimal string
    /// alignment), so `titel` is one edit from `title`.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        editDistance(Array(lhs.unicodeScalars), Array(rhs.unicodeScalars))
    }

    /// The same over scalars, with three rows instead of a table. With `bound`, any distance
    /// above it comes back as `bound + 1`: the count stops when two rows running are past it
    /// (costs never fall along an alignment, and one that swaps two neighbours skips a row,
    /// never two).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int = .max) -> Int {
        let past = bound == .max ? Int.max : bound + 1
        if a.isEmpty || b.isEmpty { return min(max(a.count, b.count), past) }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        var previousMinimum = 0
        for i in 1...a.count {
            current[0] = i
            var minimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], beforePrevious[j - 2] + 1) }
                minimum = min(minimum, current[j])
            }
            if minimum > bound && previousMinimum > bound { return past }
            previousMinimum = minimum
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return min(previous[b.count], past)
    }
}

extension Diagnostics {
    /// A key a mapping does not take: a warning at the key with the closest known key, else the
    /// known keys after `listing` (`known settings: title, weight`).
    package mutating func unknownKey(
        _ rule: String, _ message: String, key: String, known: [String], at location: SourceLocation, listing: String? = nil
    ) {
        let list = listing.map { "\($0): \(known.joined(separator: ", "))" }
        warning(rule, message, at: location, suggestion: Suggestions.didYouMean(key, in: known, otherwise: list))
    }
}
