import FolioText
import FolioYAML
import Foundation

/// A runbook's metadata, from its front matter: `owner`, `service`, `severity`, `last_reviewed`
/// (a date) and `review_every` (`90d`; the default comes from `runbooks.review_every`). A page
/// with any of these keys is a runbook; one past its review date is overdue.
public struct Runbook: Sendable, Equatable {
    public var owner: String?
    public var service: String?
    public var severity: String?
    /// `2026-01-15`, as written.
    public var lastReviewed: String?
    /// Days between reviews.
    public var reviewDays: Int
    /// The date the next review is due, when `lastReviewed` is set.
    public var due: String?
    public var isOverdue: Bool

    static let keys = ["owner", "service", "severity", "last_reviewed", "review_every"]

    /// The part of a page's front matter that ``read(_:path:defaultDays:today:into:)`` reads (its
    /// keys, in their order, with their marks), or `nil` when it has none: what parse keeps for
    /// compile. The whole of it, a tree of boxes, was 11 MB at 10,000 pages, the top of a build's
    /// heap.
    package static func fields(of frontMatter: YAMLNode) -> YAMLNode? {
        guard case .mapping(let pairs, let mark) = frontMatter else { return nil }
        let kept = pairs.filter { keys.contains($0.key.scalar?.string ?? "") }
        return kept.isEmpty ? nil : .mapping(kept, mark)
    }

    /// The runbook of a page's front matter, or `nil` when the page is not one; problems are
    /// reported at their line of `path`.
    package static func read(
        _ frontMatter: YAMLNode?, path: String, defaultDays: Int, today: Date, into diagnostics: inout Diagnostics
    ) -> Runbook? {
        guard let node = frontMatter, let pairs = node.pairs, pairs.contains(where: { keys.contains($0.key.scalar?.string ?? "") }) else {
            return nil
        }
        func location(_ mark: TextPosition) -> SourceLocation { SourceLocation(path, mark) }
        func text(_ key: String) -> String? { node.text(key, in: path, into: &diagnostics) }
        var runbook = Runbook(
            owner: text("owner"), service: text("service"), severity: text("severity"), lastReviewed: nil, reviewDays: defaultDays, due: nil,
            isOverdue: false)
        if let every = node["review_every"] {
            if let seconds = every.scalar.flatMap({ SettingsReader.parseDuration($0.string) }), seconds >= 86_400, seconds <= 3_650 * 86_400 {
                runbook.reviewDays = Int(seconds / 86_400)
            } else {
                diagnostics.error(
                    "runbook.invalid-duration", "'review_every' must be a number of days or weeks from 1d to 3650d, such as 90d or 12w, found '\(every.scalar?.string ?? every.summary)'",
                    at: location(every.mark))
            }
        }
        guard let reviewed = node["last_reviewed"] else { return runbook }
        guard let written = reviewed.scalar?.string, let date = Self.day(written) else {
            diagnostics.error(
                "runbook.invalid-date", "'last_reviewed' must be a date written YYYY-MM-DD, found '\(reviewed.scalar?.string ?? reviewed.summary)'",
                at: location(reviewed.mark))
            return runbook
        }
        runbook.lastReviewed = written
        let due = date.addingTimeInterval(Double(runbook.reviewDays) * 86_400)
        runbook.due = Self.format(due)
        if due < today {
            runbook.isOverdue = true
            diagnostics.warning(
                "runbook.overdue", "this runbook was last reviewed on \(written) and is due every \(runbook.reviewDays) days: overdue since \(Self.format(due))",
                at: location(reviewed.mark), suggestion: "review it, then update last_reviewed")
        }
        return runbook
    }

    /// `2026-01-15` at midnight UTC, or `nil`. Days counted by arithmetic (the proleptic
    /// Gregorian calendar, as Foundation's), not by `Calendar`, which took 4 µs a page.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2], (1...12).contains(month),
            day >= 1, day <= daysIn(month: month, year: year), text.count == 10
        else { return nil }
        return Date(timeIntervalSince1970: Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400)
    }

    /// `YYYY-MM-DD`, as `String(format: "%04d-%02d-%02d")` writes it, without Foundation's
    /// formatter (about 20,000 instructions a call, twice for each overdue runbook: 1.3% of a
    /// build of the benchmark's pages, where every page is a runbook).
    static func format(_ date: Date) -> String {
        let (year, month, day) = civil(fromDays: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
        return padded(year, to: 4) + "-" + padded(month, to: 2) + "-" + padded(day, to: 2)
    }

    /// `value` in decimal, zeros after its sign up to `width` characters in all (as `%0Nd`).
    static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days_from_civil: days from 1970-01-01.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Its inverse, civil_from_days.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
