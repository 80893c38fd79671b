import FolioMarkdown
import FolioModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One URLSession for a check, with redirects followed by hand so each hop is seen.
final class HTTPClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let settings: LinkSettings
    private var session: URLSession!
    /// The most of a body read: a link with a fragment to a 1 GB page made Folio hold all of it.
    static let bodyLimit = 10 << 20

    /// What a data task has received so far, and who waits for it.
    private final class Download {
        var data = Data()
        var isCut = false
        let continuation: CheckedContinuation<(Data, URLResponse?, Error?, Bool), Never>
        init(_ continuation: CheckedContinuation<(Data, URLResponse?, Error?, Bool), Never>) { self.continuation = continuation }
    }

    private let lock = NSLock()
    private var downloads: [Int: Download] = [:]

    init(settings: LinkSettings) {
        self.settings = settings
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeout
        configuration.timeoutIntervalForResource = settings.timeout * 2
        configuration.httpAdditionalHeaders = ["User-Agent": "folio/\(folioVersion) (documentation link checker)", "Accept": "*/*"]
        configuration.httpMaximumConnectionsPerHost = settings.concurrencyPerHost
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func invalidate() { session.finishTasksAndInvalidate() }

    /// Fetches `request`, keeping at most `bodyLimit` bytes of its body: past it the task is
    /// cancelled and the answer marked cut.
    private func fetch(_ request: URLRequest) async -> (Data, URLResponse?, Error?, Bool) {
        await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request)
            lock.withLock { downloads[task.taskIdentifier] = Download(continuation) }
            task.resume()
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let isOver = lock.withLock { () -> Bool in
            guard let download = downloads[dataTask.taskIdentifier], !download.isCut else { return false }
            download.data.append(data.prefix(Self.bodyLimit - download.data.count))
            if download.data.count >= Self.bodyLimit, data.count > 0 {
                download.isCut = true
                return true
            }
            return false
        }
        if isOver { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let download = lock.withLock({ downloads.removeValue(forKey: task.taskIdentifier) }) else { return }
        download.continuation.resume(returning: (download.data, task.response, download.isCut ? nil : error, download.isCut))
    }

    /// Do not follow redirects: `verify` follows them itself, to count hops and find loops.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    /// Follows `url` to its final answer.
    func verify(_ url: String, needsBody: Bool) async -> ExternalCheck.Verdict {
        guard var current = URL(string: url), current.scheme?.lowercased() == "http" || current.scheme?.lowercased() == "https" else {
            return .unverified("it is not a valid http(s) URL")
        }
        var visited: [String] = [current.absoluteString]
        var useGet = needsBody
        while true {
            let answer = await requestWithRetries(current, method: useGet ? "GET" : "HEAD")
            guard case .response(let response, let body, let isCut) = answer else {
                if case .failed(let why) = answer { return .unverified(why) }
                return .unverified("no answer")
            }
            let status = response.statusCode
            if !useGet && (status == 405 || status == 501) {
                useGet = true
                continue
            }
            if (300...399).contains(status), status != 304, let location = response.value(forHTTPHeaderField: "Location"),
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
                    ? HTMLAttributes.scan(Array(body)).filter { $0.name == "id" || $0.name == "name" }.map(\.value) : nil
                return .working(status: status, anchors: anchors, isCut: isCut)
            }
            if status == 429 { return .unverified("the server kept answering 429 Too Many Requests") }
            return .broken(status: status, url: current.absoluteString)
        }
    }

    private enum Answer {
        case response(HTTPURLResponse, Data, isCut: Bool)
        case failed(String)
    }

    /// One request, retried for 429, 502, 503, 504, timeouts and connection failures.
    private func requestWithRetries(_ url: URL, method: String) async -> Answer {
        var attempt = 0
        while true {
            var request = URLRequest(url: url)
            request.httpMethod = method
            var wait = 0.25 * Double(1 << min(attempt, 6))
            let answer: Answer
            let (data, response, error, isCut) = await fetch(request)
            if let error {
                answer = .failed(Self.describe(error))
            } else {
                guard let http = response as? HTTPURLResponse else { return .failed("not an HTTP answer") }
                answer = .response(http, data, isCut: isCut)
                guard [429, 502, 503, 504].contains(http.statusCode) else { return answer }
                if let after = http.value(forHTTPHeaderField: "Retry-After"), let seconds = Self.retryAfter(after) {
                    guard seconds <= settings.maxRetryWait else {
                        return http.statusCode == 429
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

    static func describe(_ error: Error) -> String {
        let code = (error as NSError).code
        switch code {
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "the host name does not resolve"
        case NSURLErrorNotConnectedToInternet, NSURLErrorNetworkConnectionLost: return "no network connection"
        case NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasBadDate, NSURLErrorSecureConnectionFailed:
            return "the TLS connection failed"
        default: return "connection failed (\((error as NSError).localizedDescription))"
        }
    }
}
