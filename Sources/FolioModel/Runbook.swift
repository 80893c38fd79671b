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

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2026-01-15` at midnight UTC, or `nil`.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2], (1...12).contains(month), (1...31).contains(day),
            text.count == 10
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    static func format(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
