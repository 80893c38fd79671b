// Fuzz targets for every parser Folio writes by hand, run by `make fuzz` under libFuzzer
// (`-sanitize=fuzzer,address`, built with -DFUZZING) and, in an ordinary build, a replayer:
// `folio-fuzz TARGET FILE...` runs the target on each file, as the tests do with the seed corpus.
// Each target asserts what must hold: no crash, positions inside the input, output that parses.
import CFolioHTTP
import FolioText
import Foundation

@testable import FolioCheck
@testable import FolioCompile
@testable import FolioLoad
@testable import FolioModel
@testable import FolioRender
@testable import FolioServe
@testable import FolioMarkdown
@testable import FolioYAML

/// The targets, by name.
let targets: [String: ([UInt8]) -> Void] = [
    "shell": fuzzShell,
    "makefile": fuzzMakefile,
    "yaml": fuzzYAML,
    "frontmatter": fuzzFrontMatter,
    "markdown": fuzzMarkdown,
    "html": fuzzHTML,
    "matcher": fuzzMatcher,
    "url": fuzzURL,
    "printable": fuzzPrintable,
    "json": fuzzJSON,
    "serve": fuzzServe,
    "search": fuzzSearch,
    "directive": fuzzDirective,
    "glob": fuzzGlob,
    "path": fuzzPath,
    "guard": fuzzGuard,
    "compose": fuzzCompose,
    "extensions": fuzzExtensions,
    "attrlist": fuzzAttributeList,
    "mkdocs": fuzzMkDocs,
    "highlight": fuzzHighlight,
    "parserecord": fuzzParseRecord,
    "httpanswer": fuzzHTTPAnswer,
]

func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) { check(condition(), message()) }

func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("invariant broken: \(message())\n".utf8))
        abort()
    }
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Lines as cmark and the shell count them: `\n`, and for cmark also `\r` and `\r\n`.
func lineCount(_ text: String) -> Int { text.unicodeScalars.filter { $0 == "\n" }.count + 1 }

func cmarkLineCount(_ text: String) -> Int {
    var count = 1
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
        if scalar == "\n" && previous != "\r" || scalar == "\r" { count += 1 }
        previous = scalar
    }
    return count
}

func fuzzShell(_ bytes: [UInt8]) {
    let input = text(bytes)
    let (commands, problems) = ShellSplitter.split(input)
    let lines = lineCount(input)
    for command in commands { check(command.line >= 1 && command.line <= lines && command.column >= 1, "command at \(command.line):\(command.column)") }
    for problem in problems { check(problem.line >= 1 && problem.line <= lines && problem.column >= 1, "problem at \(problem.line):\(problem.column)") }
}

let makefileFolder: String = {
    let folder = NSTemporaryDirectory() + "folio-fuzz-make-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}()

func fuzzMakefile(_ bytes: [UInt8]) {
    let path = makefileFolder + "/Makefile"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    let reader = RepositoryReader(root: makefileFolder, tree: RepositoryTree())
    let database = MakefileDatabase.read(path, directory: makefileFolder, reader: reader)
    let lines = lineCount(text(bytes))
    for problem in database.problems where problem.location?.path == "Makefile" {
        check((problem.location?.line ?? 1) >= 1 && (problem.location?.line ?? 1) <= lines + 1, "makefile problem at line \(problem.location?.line ?? 0)")
    }
    _ = database.knows("all", directory: makefileFolder, reader: reader)
}

func fuzzYAML(_ bytes: [UInt8]) {
    let input = text(bytes)
    do {
        _ = try YAMLParser().parse(input)
    } catch {
        // YAML's line breaks are \n, \r\n, a lone \r, NEL, LS and PS (libyaml counts each).
        let breaks = input.unicodeScalars.filter { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }.count
        check(error.mark.line >= 1 && error.mark.line <= breaks + 2, "YAML error at line \(error.mark.line)")
    }
}

func fuzzFrontMatter(_ bytes: [UInt8]) {
    let split = FrontMatterSplit(text(bytes))
    if let yaml = split.yaml { _ = try? YAMLParser().parse(yaml, firstLine: split.yamlFirstLine) }
}

func fuzzMarkdown(_ bytes: [UInt8]) {
    let input = text(bytes)
    let document = MarkdownParser().parse(input)
    let lines = cmarkLineCount(input)
    for link in document.links { check(link.position.line >= 1 && link.position.line <= lines && link.position.column >= 1, "link at \(link.position)") }
    for heading in document.headings { check(heading.position.line >= 1 && heading.position.line <= lines, "heading at \(heading.position)") }
    let html = document.html(hrefs: { _ in nil })
    checkSafe(html, input: input)
}

/// Markdown with every MkDocs extension on, snippets included (one names itself: a cycle).
func fuzzExtensions(_ bytes: [UInt8]) {
    let input = text(bytes)
    var parser = MarkdownParser(slugs: .pythonMarkdown)
    parser.extensions = .all
    parser.extensions.customFences = [.init(name: "mermaid", className: "mermaid")]
    parser.extensions.tabbedSlugify = true
    parser.extensions.tabbedCombineHeaderSlug = true
    parser.extensions.pythonFootnoteIDs = true
    parser.snippetReader = { name in
        switch name {
        case "self.md": return .success(("self.md", input))
        case "a.md": return .success(("a.md", "!!! note\n    [x](y.md) --8<-- \"self.md\"\n"))
        default: return .failure(SnippetError("no such file"))
        }
    }
    let document = parser.parse(input)
    let lines = cmarkLineCount(input)
    for link in document.links where link.file == nil {
        check(link.position.line >= 1 && link.position.line <= lines && link.position.column >= 1, "link at \(link.position)")
    }
    for heading in document.headings { check(heading.position.line >= 1, "heading at \(heading.position)") }
    for block in document.codeBlocks where block.file == nil { check(block.position.line >= 1 && block.position.line <= lines + 1, "code at \(block.position)") }
    let html = document.html(hrefs: { _ in nil })
    checkSafe(html, input: input)
    check(!html.unicodeScalars.contains { (0xE000...0xE005).contains($0.value) }, "a marker left in \(html.debugDescription)")
    if !input.contains("<") && !input.contains("&") && !input.contains("`") {
        // Folio's own containers open and close in pairs.
        for tag in ["div", "details", "dl", "dd"] {
            let opens = html.components(separatedBy: "<\(tag)").count - html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag)>").count
            check(opens - 1 == html.components(separatedBy: "</\(tag)>").count - 1, "<\(tag)> unbalanced in \(html.debugDescription)")
        }
    }
}

/// `{#id .class key=value}`: never an event handler, a style or a URL attribute.
func fuzzAttributeList(_ bytes: [UInt8]) {
    guard let list = AttributeList.parse(Substring(text(bytes))) else { return }
    let html = "<a\(list.html())>"
    for attribute in HTMLAttributes.scan(html) {
        check(!attribute.name.hasPrefix("on") && !["style", "href", "src"].contains(attribute.name), "attribute \(attribute.name)")
    }
    check(HTMLAttributes.scan(html).count == (list.id == nil ? 0 : 1) + (list.classes.isEmpty ? 0 : 1) + list.pairs.count, "attributes escaped")
}

/// mkdocs.yml: every diagnostic inside the text, never a crash.
func fuzzMkDocs(_ bytes: [UInt8]) {
    let input = text(bytes)
    var diagnostics = Diagnostics()
    _ = MkDocsConfig.parse(input, path: "mkdocs.yml", environment: ["A": "x"], into: &diagnostics)
    let lines = cmarkLineCount(input) + 1
    for diagnostic in diagnostics.all {
        if let line = diagnostic.location?.line { check(line >= 1 && line <= lines, "\(diagnostic)") }
    }
}

/// No script runs: no `on*` or `style` attribute, no unsafe URL, no script-capable element.
func checkSafe(_ html: String, input: String) {
    for attribute in HTMLAttributes.scan(html) {
        check(!attribute.name.hasPrefix("on") && attribute.name != "style", "attribute \(attribute.name) from \(input.debugDescription)")
        if ["href", "src", "poster", "cite"].contains(attribute.name) {
            check(HTMLSanitizer.isSafeURL(attribute.value, isImage: true), "URL \(attribute.value) from \(input.debugDescription)")
        }
    }
    let lowered = html.lowercased()
    for element in ["<script", "<iframe", "<svg", "<style", "<object", "<embed", "<base", "<meta", "<form"] {
        check(!lowered.contains(element), "\(element) from \(input.debugDescription)")
    }
}

func fuzzHTML(_ bytes: [UInt8]) {
    let once = HTMLSanitizer.sanitize(bytes)
    let twice = HTMLSanitizer.sanitize(once)
    check(twice == once, "sanitizing twice changes \(text(once).debugDescription) into \(text(twice).debugDescription)")
    checkSafe(text(once), input: text(bytes))
    for attribute in HTMLAttributes.scan(bytes) { check(attribute.valueRange.upperBound <= bytes.count, "attribute range") }
}

func fuzzMatcher(_ bytes: [UInt8]) {
    let input = text(bytes)
    let parts = input.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
    let output = String(parts[0]), expected = parts.count > 1 ? String(parts[1]) : "..."
    _ = Runbooks.matches(output, expected: expected)
    check(Runbooks.matches(output, expected: "..."), "'...' matches anything")
    check(Runbooks.matches(output, expected: output) || output.contains("..."), "an output matches itself")
    _ = Runbooks.unifiedDiff(expected: expected, actual: output, file: "f.md", line: 1)
}

func fuzzURL(_ bytes: [UInt8]) {
    let url = text(bytes)
    if HTMLSanitizer.isSafeURL(url) {
        let stripped = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }.map(Character.init)
        let trimmed = String(stripped).trimmingCharacters(in: CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x20))).lowercased()
        check(!trimmed.hasPrefix("javascript:") && !trimmed.hasPrefix("vbscript:") && !trimmed.hasPrefix("data:"), "\(url.debugDescription) judged safe")
    }
    _ = RepoPath.normalize(url)
    _ = LinkCheck.scheme(of: url)
    // A scheme read from the start, as the bytes before the first colon define it.
    let beforeColon = url.utf8.firstIndex(of: UInt8(ascii: ":")).map { Array(url.utf8[..<$0]) }
    let isScheme = beforeColon.map { scheme in
        scheme.first.map { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } == true
            && scheme.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
    } ?? false
    check(Routes.hasScheme(url) == isScheme, "hasScheme(\(url.debugDescription))")
    _ = escapeHref(url)
}

func fuzzPrintable(_ bytes: [UInt8]) {
    let escaped = Printable.escape(text(bytes), keepingLines: true)
    check(!escaped.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || ($0.value >= 0x7F && $0.value < 0xA0) }, "control character kept")
    for line in escaped.split(separator: "\n").dropFirst() { check(!line.drop { $0 == " " || $0 == "\t" }.hasPrefix("::"), "workflow command") }
}

func fuzzJSON(_ bytes: [UInt8]) {
    switch JSONReader.read(bytes) {
    case .failure(let problem):
        check(problem.offset >= 0 && problem.offset <= bytes.count, "problem offset \(problem.offset) outside \(bytes.count) bytes")
    case .success(let value):
        // What Folio writes from a value it read, it reads back as the same value.
        let written = value.encoded
        guard case .success(let again) = JSONReader.read(Array(written.utf8)) else { return check(false, "cannot read back \(written.prefix(200))") }
        check(again.encoded == written, "read back differently: \(written.prefix(200))")
    }
}

/// A page's parse as `.folio/cache/parse.bin` keeps it, and its part of the search index as
/// `search.bin` does: bytes that are not a record read as nothing; a record that reads is
/// written back, and reads back the same. The same bytes after a
/// store's first line and key: an index that reads names only bytes of the file.
func fuzzParseRecord(_ bytes: [UInt8]) {
    if let (page, diagnostics) = bytes.withUnsafeBytes({ ParseRecord.decode($0) }) {
        let written = ParseRecord.encode(page, diagnostics)
        guard let again = written.withUnsafeBytes({ ParseRecord.decode($0) }) else { return check(false, "a record written back does not read") }
        check(again.0 == page && again.1 == diagnostics, "a record reads back differently")
        check(ParseRecord.encode(again.0, again.1) == written, "a record is written back differently")
    }
    // The same bytes as a page's part of the search index (`.folio/cache/search.bin`).
    if let search = bytes.withUnsafeBytes({ SearchRecord.decode($0) }) {
        let written = SearchRecord.encode(search)
        guard let again = written.withUnsafeBytes({ SearchRecord.decode($0) }) else { return check(false, "a search record written back does not read") }
        check(SearchRecord.encode(again) == written, "a search record reads back differently")
        var count = 0
        search.words.withUnsafeBufferPointer { SearchRecord.eachWord(in: $0) { word in count += 1; check(!word.isEmpty, "an empty word") } }
    }
    var head = RecordWriter()
    head.append(Array(ParseStore.magic.utf8))
    head.string("k")
    let file = head.bytes + bytes
    for entry in RecordStore.index(of: file, magic: Array(ParseStore.magic.utf8), key: "k")?.values ?? [:].values {
        check(entry.range.lowerBound >= head.bytes.count && entry.range.upperBound <= file.count - 8, "a record outside the file: \(entry.range)")
    }
}

/// What the external check keeps of an answer as libcurl hands it over (CFolioHTTP's C code):
/// the input is a limit (two bytes) and then pieces, each a kind byte (even: a header line, odd:
/// body bytes), a length byte and that many bytes. After every piece the answer must hold what a
/// plain model holds: the body up to the limit, cut there, and the last `Location` and
/// `Retry-After` values since the last status line, trimmed, up to a NUL byte.
func fuzzHTTPAnswer(_ bytes: [UInt8]) {
    guard bytes.count >= 2 else { return }
    var answer = folio_http_answer()
    answer.limit = Int(bytes[0]) | Int(bytes[1] & 0x03) << 8
    defer { folio_http_answer_clear(&answer) }
    var body: [UInt8] = [], isCut = false, location: [UInt8]?, retryAfter: [UInt8]?
    func value(of line: [UInt8], named name: String) -> [UInt8]? {
        let name = Array(name.utf8)
        guard line.count > name.count, line[name.count] == UInt8(ascii: ":"),
            zip(line, name).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) == $1 })
        else { return nil }
        var value = line[(name.count + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
        while let last = value.last, [0x0D, 0x0A, 0x20, 0x09].contains(last) { value = value.dropLast() }
        return Array(value.prefix { $0 != 0 })
    }
    func string(_ pointer: UnsafeMutablePointer<CChar>?) -> [UInt8]? {
        pointer.map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0))) }
    }
    var offset = 2
    while offset + 2 <= bytes.count {
        let isHeader = bytes[offset] & 1 == 0
        let piece = Array(bytes[(offset + 2)..<min(bytes.count, offset + 2 + Int(bytes[offset + 1]))])
        offset += 2 + piece.count
        // The C functions get exactly the piece's bytes, in memory of their own, so that AddressSanitizer sees a read past them.
        let pieceCopy = UnsafeMutablePointer<CChar>.allocate(capacity: max(piece.count, 1))
        defer { pieceCopy.deallocate() }
        piece.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { UnsafeMutableRawPointer(pieceCopy).copyMemory(from: base, byteCount: piece.count) }
        }
        if isHeader {
            let returned = folio_http_answer_header(&answer, pieceCopy, piece.count)
            check(returned == piece.count, "a header line of \(piece.count) bytes answered \(returned)")
            if piece.starts(with: Array("HTTP/".utf8)) { (location, retryAfter) = (nil, nil) }
            if let found = value(of: piece, named: "location") {
                location = found
            } else if let found = value(of: piece, named: "retry-after") {
                retryAfter = found
            }
        } else {
            let returned = folio_http_answer_body(&answer, pieceCopy, piece.count)
            body += piece.prefix(answer.limit - body.count)
            let cuts = body.count >= answer.limit && !piece.isEmpty
            if cuts { isCut = true }
            check(returned == (cuts ? 0 : piece.count), "\(piece.count) body bytes answered \(returned)")
        }
        let kept = answer.body.map { Array(UnsafeBufferPointer(start: $0, count: answer.length)) } ?? []
        check(kept == body && answer.length <= answer.limit, "body \(kept.count) bytes, expected \(body.count) (limit \(answer.limit))")
        check((answer.is_cut != 0) == isCut, "cut \(answer.is_cut), expected \(isCut)")
        check(string(answer.location) == location, "location \(String(describing: string(answer.location))), expected \(String(describing: location))")
        check(string(answer.retry_after) == retryAfter, "retry-after \(String(describing: string(answer.retry_after))), expected \(String(describing: retryAfter))")
    }
}

/// A served folder with one page, and a file outside it that must never be served.
let servedFolder: String = {
    let base = NSTemporaryDirectory() + "folio-fuzz-serve-\(getpid())"
    try? FileManager.default.createDirectory(atPath: base + "/site/guia", withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: base + "/site/index.html", contents: Data("<body>home</body>".utf8))
    FileManager.default.createFile(atPath: base + "/site/guia/index.html", contents: Data("<body>guia</body>".utf8))
    FileManager.default.createFile(atPath: base + "/secret.txt", contents: Data("SECRET".utf8))
    return base
}()
let server = PreviewServer(serving: servedFolder + "/site")

/// The HTTP request reader of `folio serve`: any bytes give an answer, nothing outside the
/// site is served, and no redirect leads to another host.
func fuzzServe(_ bytes: [UInt8]) {
    let response = server.respond(to: bytes, isComplete: bytes.first.map { $0 & 1 == 0 } ?? true)
    check([200, 301, 400, 403, 404, 405, 408].contains(response.status), "status \(response.status)")
    check(!String(decoding: response.body, as: UTF8.self).contains("SECRET"), "served a file outside the site")
    if let location = response.header("Location") { check(location.hasPrefix("/") && !location.hasPrefix("//"), "redirect to \(location)") }
}

/// The search index cutter over any page HTML: its sections' JSON parses, and the words it
/// indexes are non-empty runs of folded letters and digits.
func fuzzSearch(_ bytes: [UInt8]) {
    let page = Page(source: "content/x.md", contentPath: "x.md", url: "x/", title: text(bytes.prefix(40).map { $0 }), document: MarkdownDocument(html: text(bytes)))
    var writer = SectionWriter()
    writer.read(page)
    var json: [UInt8] = [UInt8(ascii: "[")]
    for (offset, section) in writer.sections.enumerated() {
        if offset > 0 { json.append(UInt8(ascii: ",")) }
        for part in [section.title, section.anchor, section.text] {
            SearchIndex.appendJSON(part, to: &json)
            json.append(UInt8(ascii: ","))
        }
        json.removeLast()
    }
    json.append(UInt8(ascii: "]"))
    check((try? JSONSerialization.jsonObject(with: Data(json))) != nil, "search index JSON does not parse: \(text(Array(json.prefix(200))))")
    var every = Set<String>()
    SearchWords.each(in: bytes) { word in
        check(!word.isEmpty && word.unicodeScalars.allSatisfy(SearchWords.isLetterOrNumber), "indexed word \(word.debugDescription)")
        check(word == word.lowercased(), "indexed word not folded: \(word.debugDescription)")
        check(!SearchWords.fileName(SearchWords.shardKey(word)).contains("/"), "shard file name")
        every.insert(word)
    }
    // The index takes a page's distinct words without a String per occurrence: the same words, once each.
    let half = bytes.count / 2
    let distinct = SearchWords.distinct(in: [Array(bytes[..<half]), Array(bytes[half...])])
    var split = Set<String>()
    for part in [Array(bytes[..<half]), Array(bytes[half...])] { SearchWords.each(in: part) { split.insert($0) } }
    check(distinct.count == Set(distinct).count, "a word taken twice")
    check(Set(distinct) == split, "distinct words differ from the words")
}

/// Every lexer on any bytes, and a fence's options: tokens in order, inside the code, not
/// overlapping; the HTML is the code, escaped, with only Folio's spans around it.
func fuzzHighlight(_ bytes: [UInt8]) {
    let code = Array(text(bytes).utf8)
    for language in Highlighter.Language.allCases {
        let tokens = Highlighter.tokens(code, language: language)
        var end = 0
        for token in tokens {
            check(token.start >= end && token.end > token.start && token.end <= code.count, "\(language) token \(token.start)..<\(token.end) after \(end) in \(code.count)")
            end = token.end
        }
        var html: [UInt8] = []
        HTMLWriter.write(code, tokens: tokens, lines: HTMLWriter.Lines(highlighted: [1, 2]), to: &html)
        // On bytes: String's replacing works on Characters, and `;` + a combining mark is one
        // Character, which `&quot;` would not match (the first version of this check said so).
        check(HTMLText.unescapedText(html) == code, "\(language): the HTML's text is not the code")
    }
    let info = text(Array(bytes.prefix(200)))
    let block = CodeBlockHTML.render(text(bytes), language: info, options: CodeBlockHTML.options(info))
    checkSafe(block, input: info)
}

/// The text of the highlighter's HTML: its `<span class="...">` and `</span>` tags dropped (any other
/// markup fails the check), its four escapes decoded.
enum HTMLText {
    static func unescapedText(_ html: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        let open = Array("<span class=\"".utf8), close = Array("</span>".utf8)
        let escapes: [([UInt8], UInt8)] = [(Array("&lt;".utf8), UInt8(ascii: "<")), (Array("&gt;".utf8), UInt8(ascii: ">")),
            (Array("&quot;".utf8), UInt8(ascii: "\"")), (Array("&amp;".utf8), UInt8(ascii: "&"))]
        func starts(_ pattern: [UInt8]) -> Bool { html[index...].starts(with: pattern) }
        while index < html.count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                if starts(close) {
                    index += close.count
                } else if starts(open), let end = html[(index + open.count)...].firstIndex(of: UInt8(ascii: ">")),
                    html[(index + open.count)..<end].allSatisfy({ isWordByte($0) && $0 < 0x80 || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") })
                {
                    index = end + 1
                } else {
                    return nil
                }
            } else if byte == UInt8(ascii: "&") {
                guard let (pattern, value) = escapes.first(where: { starts($0.0) }) else { return nil }
                out.append(value)
                index += pattern.count
            } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") {
                return nil
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}

/// A `folio` block's YAML: read, with any problem at a line inside the page.
func fuzzDirective(_ bytes: [UInt8]) {
    var diagnostics = Diagnostics()
    let block = CodeBlock(language: "folio", info: "folio", code: text(bytes), position: TextPosition(line: 10, column: 1), isFenced: true)
    _ = Directive.read(block, path: "content/x.md", into: &diagnostics)
    // libyaml counts a lone \r, NEL, LS and PS as line breaks too.
    let last = 10 + text(bytes).unicodeScalars.filter { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }.count + 1
    for problem in diagnostics.all {
        check((problem.location?.line ?? 10) >= 9 && (problem.location?.line ?? 10) <= last + 1, "directive problem at \(problem.location?.line ?? 0)")
    }
}

/// Globs of `links.exclude_files`: every glob makes a regular expression that compiles.
func fuzzGlob(_ bytes: [UInt8]) {
    let glob = text(bytes)
    guard !glob.isEmpty else { return }
    check(URLPattern(glob, mark: TextPosition(line: 1, column: 1), isGlob: true) != nil, "glob \(glob.debugDescription) made an invalid expression")
    _ = URLPattern(glob, mark: TextPosition(line: 1, column: 1), isGlob: false)?.matches("docs/a.md")
}

/// Repository paths: a normalized path never climbs out or starts at the file system's root.
func fuzzPath(_ bytes: [UInt8]) {
    let input = text(bytes)
    if let normal = RepoPath.normalize(input) {
        check(!normal.hasPrefix("/") && !RepoPath.components(normal).contains("..") && !RepoPath.components(normal).contains("."), "normalize(\(input.debugDescription)) = \(normal.debugDescription)")
    }
    _ = RepoPath.join("content/guide", input)
    // A folder and a path normalized together, as joined then normalized.
    let (base, rest) = input.firstIndex(of: "|").map { (String(input[..<$0]), String(input[input.index(after: $0)...])) } ?? ("content/guide", input)
    check(RepoPath.normalize(joining: base, rest) == RepoPath.normalize(RepoPath.join(base, rest)), "normalize(joining: \(base.debugDescription), \(rest.debugDescription))")
    _ = ExternalCheck.redacted(input)
    _ = NetworkClass.classifyLiteral(input)
}

/// The page guard: a page it lets through never makes more table cells than the limit.
func fuzzGuard(_ bytes: [UInt8]) {
    let input = text(bytes)
    guard MarkdownGuard.largeTable(in: input, maximumCells: 50) == nil else { return }
    let html = MarkdownParser().parse(input).html
    let cells = html.components(separatedBy: "<td").count + html.components(separatedBy: "<th").count - 2
    check(cells <= 50, "the guard let through a page of \(cells) cells")
}

let composeFolder: String = {
    let folder = NSTemporaryDirectory() + "folio-fuzz-compose-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: folder + "/compose.yaml", contents: Data())
    return folder
}()

/// The compose reader: any compose file gives services or a problem at a line of that file.
func fuzzCompose(_ bytes: [UInt8]) {
    FileManager.default.createFile(atPath: composeFolder + "/compose.yaml", contents: Data(bytes))
    var diagnostics = Diagnostics()
    let tree = RepositoryTree.walk(root: composeFolder, content: "", skipping: [], into: &diagnostics)
    var check = CommandCheck(tree: tree, reader: RepositoryReader(root: composeFolder, tree: tree))
    let command = ShellSplitter.commands(in: "docker compose up -d orders web").first!
    check.check([DocumentCommand(command: command, file: "README.md", line: 1, column: 1)])
    // libyaml's lines: a lone \r, NEL, LS and PS break lines too.
    let lines = text(bytes).unicodeScalars.filter { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) }.count + 2
    for problem in check.diagnostics.all where problem.location?.path == "compose.yaml" {
        fuzzCheck((problem.location?.line ?? 1) <= lines, "compose problem at line \(problem.location?.line ?? 0)")
    }
}

// MARK: - Entry

var arguments = CommandLine.arguments
guard arguments.count >= 2, let target = targets[arguments[1]] else {
    FileHandle.standardError.write(Data("usage: folio-fuzz TARGET [FILE... | libFuzzer options]\ntargets: \(targets.keys.sorted().joined(separator: " "))\n".utf8))
    exit(2)
}
nonisolated(unsafe) var selected = target
#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
    // libFuzzer reads its own options; the target's name is taken out of them.
    arguments.remove(at: 1)
    var argc = CInt(arguments.count)
    var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let status = cArguments.withUnsafeMutableBufferPointer { buffer -> CInt in
        var argv = buffer.baseAddress!
        return runDriver(&argc, &argv) { data, count in
            selected(data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
            return 0
        }
    }
    exit(status)
#else
    for path in arguments.dropFirst(2) {
        guard let data = FileManager.default.contents(atPath: path) else { continue }
        selected(Array(data))
    }
#endif
