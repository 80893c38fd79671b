/// Dockerfiles and diffs, line by line, as Pygments' DockerLexer and DiffLexer read them.
extension Lexer {
    // MARK: dockerfile

    static let dockerKeywords: Set<String> = ["MAINTAINER", "EXPOSE", "WORKDIR", "USER", "STOPSIGNAL", "VOLUME"]
    static let dockerShellKeywords: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "ENV", "ARG", "LABEL", "ADD", "COPY", "ONBUILD", "HEALTHCHECK", "SHELL"]

    /// A Dockerfile: instructions, `FROM image AS name`, JSON arrays after CMD and friends, and
    /// the rest of each instruction (with its continuation lines) as bash.
    mutating func lexDockerfile() {
        var lineStart = 0
        while lineStart < b.count {
            var end = lineEnd(from: lineStart)
            let content = skipSpaces(from: lineStart)
            if at(content) == UInt8(ascii: "#") {
                emit("c", content, end)
                lineStart = min(end + 1, b.count)
                continue
            }
            // The instruction goes on while its lines end in `\`.
            while end > lineStart, b[end - 1] == UInt8(ascii: "\\"), end < b.count { end = lineEnd(from: end + 1) }
            let wordEnd = identifierEnd(from: content)
            let word = text(content, wordEnd).uppercased()
            let argument = skipSpaces(from: wordEnd)
            if word == "FROM" {
                emit("k", content, wordEnd)
                var imageEnd = argument
                while imageEnd < end && !isSpace(b[imageEnd]) { imageEnd += 1 }
                emit("s", argument, imageEnd)
                let asStart = skipSpaces(from: imageEnd)
                let asEnd = identifierEnd(from: asStart)
                if text(asStart, asEnd).uppercased() == "AS" {
                    emit("k", asStart, asEnd)
                    let nameStart = skipSpaces(from: asEnd)
                    var nameEnd = nameStart
                    while nameEnd < end && !isSpace(b[nameEnd]) { nameEnd += 1 }
                    emit("s", nameStart, nameEnd)
                }
            } else if Self.dockerKeywords.contains(word) && wordEnd < end && isSpace(b[wordEnd])
                && !(word == "VOLUME" && at(argument) == UInt8(ascii: "["))
            {
                emit("k", content, wordEnd)
                emit("s", argument, lineEnd(from: argument))
            } else if Self.dockerShellKeywords.contains(word) || word == "VOLUME", wordEnd < end, isSpace(b[wordEnd]) {
                emit("k", content, wordEnd)
                if ["CMD", "ENTRYPOINT", "SHELL", "VOLUME"].contains(word), at(argument) == UInt8(ascii: "["),
                    let close = b[argument..<end].firstIndex(of: UInt8(ascii: "]"))
                {
                    lexJSON(from: argument, to: close + 1)
                } else {
                    i = argument
                    lexBash(until: end)
                }
            } else {
                i = content
                lexBash(until: end)
            }
            lineStart = min(end + 1, b.count)
        }
        i = b.count
    }

    // MARK: diff

    /// A unified or context diff, line by line.
    mutating func lexDiff() {
        var lineStart = 0
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let first = b[lineStart]
            let className: StaticString? =
                if first == UInt8(ascii: " ") || end == lineStart {
                    nil
                } else if first == UInt8(ascii: "!") || (matches("---", at: lineStart) && end == lineStart + 3) {
                    "gs"
                } else if first == UInt8(ascii: "-") || matches("< ", at: lineStart) {
                    "gd"
                } else if first == UInt8(ascii: "+") || matches("> ", at: lineStart) {
                    "gi"
                } else if first == UInt8(ascii: "@") || Self.isContextRange(b[lineStart..<end]) {
                    "gu"
                } else if matches("Index", at: lineStart) || matches("index", at: lineStart) || matches("diff", at: lineStart)
                    || first == UInt8(ascii: "=")
                {
                    "gh"
                } else {
                    nil
                }
            if let className { emit(className, lineStart, end) }
            lineStart = min(end + 1, b.count)
        }
        i = b.count
    }

    /// `12a13,14` (normal diff's change lines).
    static func isContextRange(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first, isDigit(first) else { return false }
        return line.contains { $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "c") || $0 == UInt8(ascii: "d") }
            && line.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "c") || $0 == UInt8(ascii: "d") }
    }
}
