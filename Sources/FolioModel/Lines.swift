extension StringProtocol {
    /// The lines of the text, split at `\n` and at `\r\n` (which Swift reads as one Character,
    /// so that `split(separator: "\n")` left a CRLF file in one piece), empty lines kept.
    package var lineSlices: [SubSequence] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}

extension String {
    /// `nil` for the empty string: `a.nilIfEmpty ?? b`.
    package var nilIfEmpty: String? { isEmpty ? nil : self }
}
