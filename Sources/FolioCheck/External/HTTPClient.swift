import CFolioHTTP
import FolioMarkdown
import FolioModel
import Foundation

/// The external check's HTTP client: libcurl, loaded when the first URL is asked (see
/// Sources/CFolioHTTP/http.c), with redirects followed by hand so each hop is seen.
final class HTTPClient: @unchecked Sendable {
    private let settings: LinkSettings
    /// nil when libcurl could not be loaded; `loadFailure` says why.
    private let client: OpaquePointer?
    private let loadFailure: String
    /// The most of a body read: a link with a fragment to a 1 GB page made Folio hold all of it.
    static let bodyLimit = 10 << 20

    init(settings: LinkSettings) {
        self.settings = settings
        var why = [CChar](repeating: 0, count: 512)
        let timeout = Int(min(settings.timeout * 1000, Double(Int32.max)).rounded(.up))
        client = folio_http_client_create(timeout, settings.concurrencyPerHost, "folio/\(folioVersion) (documentation link checker)", &why, why.count)
        loadFailure = String(decoding: why.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func invalidate() {
        if let client { folio_http_client_destroy(client) }
    }

    /// An answer: its status, the headers `verify` reads, and at most `bodyLimit` bytes of its
    /// body (`isCut` when there was more).
    struct Response: Sendable {
        var status: Int
        var location: String?
        var retryAfter: String?
        var body: [UInt8]
        var isCut: Bool
    }

    private enum Answer: Sendable {
        case response(Response)
        case failed(String)
    }

    private final class Waiter: Sendable {
        let continuation: CheckedContinuation<Answer, Never>
        init(_ continuation: CheckedContinuation<Answer, Never>) { self.continuation = continuation }
    }

    /// One request, answered on the client's thread.
    private func fetch(_ url: String, head: Bool) async -> Answer {
        guard let client else { return .failed(loadFailure) }
        return await withCheckedContinuation { continuation in
            let waiter = Unmanaged.passRetained(Waiter(continuation)).toOpaque()
            folio_http_fetch(client, url, head ? 1 : 0, Self.bodyLimit, { context, result in
                let waiter = Unmanaged<Waiter>.fromOpaque(context!).takeRetainedValue()
                let result = result!.pointee
                if result.failure != FOLIO_HTTP_OK || result.status == 0 {
                    waiter.continuation.resume(returning: .failed(HTTPClient.describe(result.failure, String(cString: result.message))))
                    return
                }
                let body = result.body.map { [UInt8](UnsafeBufferPointer(start: $0, count: result.body_length)) } ?? []
                waiter.continuation.resume(
                    returning: .response(
                        Response(
                            status: result.status, location: result.location.map { String(cString: $0) },
                            retryAfter: result.retry_after.map { String(cString: $0) }, body: body, isCut: result.is_cut != 0)))
            }, waiter)
        }
    }

    /// Follows `url` to its final answer.
    func verify(_ url: String, needsBody: Bool) async -> ExternalCheck.Verdict {
        guard var current = URL(string: url), current.scheme?.lowercased() == "http" || current.scheme?.lowercased() == "https" else {
            return .unverified("it is not a valid http(s) URL")
        }
        guard client != nil else { return .unverified(loadFailure) }
        var visited: [String] = [current.absoluteString]
        var useGet = needsBody
        while true {
            let answer = await requestWithRetries(current, head: !useGet)
            guard case .response(let response) = answer else {
                if case .failed(let why) = answer { return .unverified(why) }
                return .unverified("no answer")
            }
            let status = response.status
            if !useGet && (status == 405 || status == 501) {
                useGet = true
                continue
            }
            if (300...399).contains(status), status != 304, let location = response.location,
                let next = URL(string: location, relativeTo: current)?.absoluteURL
            {
                if let refusal = NetworkClass.refusal(from: current.host ?? "", to: next.host ?? "") {
                    return .unverified("it redirects to \(ExternalCheck.redacted(next.absoluteString)), \(refusal)")
                }
                let key = next.absoluteString
                if visited.contains(key) { return .redirectLoop(key) }
                visited.append(key)
                if visited.count > 11 { return .tooManyRedirects }
                current = next
                continue
            }
            if settings.accept.contains(status) {
                let anchors =
                    needsBody
                    ? HTMLAttributes.scan(response.body).filter { $0.name == "id" || $0.name == "name" }.map(\.value) : nil
                return .working(status: status, anchors: anchors, isCut: response.isCut)
            }
            if status == 429 { return .unverified("the server kept answering 429 Too Many Requests") }
            return .broken(status: status, url: current.absoluteString)
        }
    }

    /// One request, retried for 429, 502, 503, 504, timeouts and connection failures.
    private func requestWithRetries(_ url: URL, head: Bool) async -> Answer {
        var attempt = 0
        while true {
            var wait = 0.25 * Double(1 << min(attempt, 6))
            let answer = await fetch(url.absoluteString, head: head)
            if case .response(let response) = answer {
                guard [429, 502, 503, 504].contains(response.status) else { return answer }
                if let after = response.retryAfter, let seconds = Self.retryAfter(after) {
                    guard seconds <= settings.maxRetryWait else {
                        return response.status == 429
                            ? .failed("the server answered 429 and asked to wait \(Int(seconds)) s (more than links.max_retry_wait)") : answer
                    }
                    wait = max(seconds, 0)
                }
            }
            guard attempt < settings.retries else { return answer }
            attempt += 1
            try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
        }
    }

    /// `Retry-After: 120` or an HTTP date, as seconds from now.
    static func retryAfter(_ value: String) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { $0.timeIntervalSinceNow }
    }

    /// A failure in the words of the report.
    static func describe(_ failure: folio_http_failure, _ message: String) -> String {
        switch failure {
        case FOLIO_HTTP_TIMEOUT: return "timed out"
        case FOLIO_HTTP_REFUSED: return "connection refused"
        case FOLIO_HTTP_NO_HOST: return "the host name does not resolve"
        case FOLIO_HTTP_TLS: return "the TLS connection failed (\(message))"
        default: return message.isEmpty ? "connection failed" : "connection failed (\(message))"
        }
    }
}
