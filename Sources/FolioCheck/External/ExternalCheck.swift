import FolioMarkdown
import FolioLoad
import FolioModel
import Foundation

/// Checks external URLs over HTTP: HEAD first, GET when the server refuses HEAD (405, 501) or
/// when the page's ids are needed for a `#fragment`; redirects followed by hand (at most 10, a
/// loop is an error); retries with backoff for 429, 502-504, timeouts and connection failures,
/// honouring `Retry-After`; bounded concurrency overall and per host; working URLs cached.
///
/// A URL that still cannot be verified after the retries (429, a timeout, no connection) is a
/// warning, never an error: the link may be fine, and CI should not fail because a host is slow.
package struct ExternalCheck: Sendable {
    let settings: LinkSettings
    /// The working URLs of earlier runs still fresh (`LinkCache`, read by the caller); `nil`: no cache.
    let cached: [String: LinkCache.Entry]?
    /// The time a working URL is stored with.
    let now: Date
    let progress: (@Sendable (Int, Int) -> Void)?

    package init(settings: LinkSettings, cached: [String: LinkCache.Entry]?, now: Date = Date(), progress: (@Sendable (Int, Int) -> Void)?) {
        self.settings = settings
        self.cached = cached
        self.now = now
        self.progress = progress
    }

    /// What one URL turned out to be.
    enum Verdict: Sendable, Equatable {
        /// `isCut`: the page was larger than ``HTTPClient/bodyLimit``; `anchors` are those of its start.
        case working(status: Int, anchors: [String]?, isCut: Bool = false)
        case broken(status: Int, url: String)
        case redirectLoop(String)
        case tooManyRedirects
        case unverified(String)
    }

    /// What a run found, and the cache entries to store (`nil`: nothing new to store).
    package struct Outcome {
        package var diagnostics: [Diagnostic] = []
        package var cache: [String: LinkCache.Entry]?
    }

    /// Checks every URL of `uses` once and reports at each place it was written.
    package func run(_ uses: [LinkCheck.ExternalUse]) -> Outcome {
        let wanted = uses.filter(isRequested)
        guard !wanted.isEmpty else { return Outcome() }
        var needsBody = Set<String>()
        for use in wanted where settings.checkExternalFragments {
            let (page, fragment) = Self.split(use.url)
            if Fragment.checked(fragment) != nil { needsBody.insert(page) }
        }
        let pages = Array(Set(wanted.map { Self.split($0.url).page })).sorted()
        let cached = self.cached ?? [:]
        var verdicts: [String: Verdict] = [:]
        var toRequest: [String] = []
        for page in pages {
            if let entry = cached[Self.redacted(page)], !needsBody.contains(page) || entry.anchors != nil {
                verdicts[page] = .working(status: entry.status, anchors: entry.anchors, isCut: false)
            } else {
                toRequest.append(page)
            }
        }
        let (requests, bodies) = (toRequest, needsBody)
        let requested = blocking { await self.verify(requests, needsBody: bodies) }
        verdicts.merge(requested) { _, new in new }
        var outcome = Outcome()
        if self.cached != nil && !requested.isEmpty {
            var entries = cached
            for (page, verdict) in requested {
                if case .working(let status, let anchors, false) = verdict {
                    entries[ExternalCheck.redacted(page)] = LinkCache.Entry(status: status, checked: now.timeIntervalSince1970, anchors: anchors)
                }
            }
            outcome.cache = entries
        }
        outcome.diagnostics = wanted.flatMap { use -> [Diagnostic] in
            let (page, fragment) = Self.split(use.url)
            guard let verdict = verdicts[page] else { return [] }
            return diagnostics(for: verdict, use: use, fragment: fragment)
        }
        return outcome
    }

    private func isRequested(_ use: LinkCheck.ExternalUse) -> Bool {
        if settings.exclude.contains(where: { $0.matches(use.url) }) { return false }
        return settings.include.isEmpty || settings.include.contains { $0.matches(use.url) }
    }

    private func diagnostics(for verdict: Verdict, use: LinkCheck.ExternalUse, fragment: String?) -> [Diagnostic] {
        let url = Self.redacted(use.url)
        switch verdict {
        case .working(_, let anchors, let isCut):
            guard settings.checkExternalFragments, let fragment = Fragment.checked(fragment), let anchors else { return [] }
            let id = Fragment.id(fragment)
            if Fragment.isFound(fragment, in: anchors, onGitHub: true) { return [] }
            if isCut {
                return [
                    Diagnostic(
                        .warning, "link.external-unverified",
                        "could not verify '\(url)': the page is larger than \(HTTPClient.bodyLimit >> 20) MB, and its first \(HTTPClient.bodyLimit >> 20) MB have no id '\(id)'",
                        at: use.location, suggestion: "check it by hand, or add it to links.exclude", target: url)
                ]
            }
            let guess = Suggestions.closestAnchor(to: id, in: anchors.map(Fragment.written))
            return [
                Diagnostic(
                    .error, "link.external-anchor", "'\(url)': the page has no id '\(id)'", at: use.location,
                    suggestion: guess.map { "did you mean '#\($0)'?" }, target: url)
            ]
        case .broken(let status, let final):
            let via = final == Self.split(use.url).page ? "" : " (after redirects, at \(Self.redacted(final)))"
            return [
                Diagnostic(
                    .error, "link.external-broken", "'\(url)' answered \(status) \(HTTPStatus.reason(status))\(via)", at: use.location,
                    suggestion: status == 404 || status == 410 ? "update or remove the link" : "accept the status in links.accept if it is expected",
                    target: url)
            ]
        case .redirectLoop(let again):
            return [Diagnostic(.error, "link.redirect-loop", "'\(url)' redirects in a loop (back to \(again))", at: use.location, target: url)]
        case .tooManyRedirects:
            return [Diagnostic(.error, "link.redirect-loop", "'\(url)' redirects more than 10 times", at: use.location, target: url)]
        case .unverified(let why):
            return [
                Diagnostic(
                    .warning, "link.external-unverified", "could not verify '\(url)': \(why)", at: use.location,
                    suggestion: "check it by hand, or add it to links.exclude", target: url)
            ]
        }
    }

    /// `https://x/p#frag` -> (`https://x/p`, `frag`).
    static func split(_ url: String) -> (page: String, fragment: String?) {
        guard let hash = url.firstIndex(of: "#") else { return (url, nil) }
        return (String(url[..<hash]), String(url[url.index(after: hash)...]))
    }

    // MARK: - Requests

    private func verify(_ urls: [String], needsBody: Set<String>) async -> [String: Verdict] {
        guard !urls.isEmpty else { return [:] }
        let client = HTTPClient(settings: settings)
        let limiter = HostLimiter(perHost: settings.concurrencyPerHost)
        let total = urls.count
        var results: [String: Verdict] = [:]
        await withTaskGroup(of: (String, Verdict).self) { group in
            var next = 0
            func start() {
                let url = urls[next]
                next += 1
                group.addTask {
                    let host = URL(string: url)?.host?.lowercased() ?? ""
                    await limiter.acquire(host)
                    let verdict = await client.verify(url, needsBody: needsBody.contains(url))
                    await limiter.release(host)
                    return (url, verdict)
                }
            }
            while next < min(settings.concurrency, urls.count) { start() }
            for await (url, verdict) in group {
                results[url] = verdict
                progress?(results.count, total)
                if next < urls.count { start() }
            }
        }
        client.invalidate()
        return results
    }

    /// Runs async work from the synchronous command line and waits for it.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// At most `perHost` requests in flight to one host.
actor HostLimiter {
    let perHost: Int
    private var active: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(perHost: Int) { self.perHost = perHost }

    func acquire(_ host: String) async {
        if active[host, default: 0] < perHost {
            active[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[host, default: []].append($0) }
    }

    func release(_ host: String) {
        if var queue = waiting[host], !queue.isEmpty {
            let first = queue.removeFirst()
            waiting[host] = queue
            first.resume()
        } else {
            active[host, default: 1] -= 1
        }
    }
}
