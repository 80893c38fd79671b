import Foundation

/// Variables, conditionals and expansion, as GNU make reads them.
extension MakefileReader {
    /// `NAME = value` and its kin; `false` when the line is not an assignment.
    mutating func assign(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var parens = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "(" || scalar == "{" { parens += 1 }
            if scalar == ")" || scalar == "}" { parens -= 1 }
            if parens == 0 && (scalar == "=" || scalar == ":") {
                let head = String(String.UnicodeScalarView(scalars[..<index]))
                let tail = String(String.UnicodeScalarView(scalars[index...]))
                if scalar == ":" && !(tail.hasPrefix(":=") || tail.hasPrefix("::=") || tail.hasPrefix(":::=")) { return false }
                var name = head
                var op = "="
                var value = ""
                if scalar == ":" {
                    op = tail.hasPrefix(":::=") ? ":::=" : tail.hasPrefix("::=") ? "::=" : ":="
                    value = String(tail.dropFirst(op.count))
                } else if let last = name.last, "?+!".contains(last) {
                    op = String(last) + "="
                    name.removeLast()
                    value = String(tail.dropFirst())
                } else {
                    value = String(tail.dropFirst())
                }
                name = name.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(where: \.isWhitespace) || name.hasPrefix("$") else { return false }
                let key = expand(name).value
                value = value.trimmingCharacters(in: .whitespaces)
                switch op {
                case "?=": if variables[key] == nil { variables[key] = value }
                case "+=": variables[key] = (variables[key].map { $0 + " " } ?? "") + value
                case ":=", "::=", ":::=": variables[key] = expand(value).value
                case "!=": variables[key] = "$(shell \(value))"
                default: variables[key] = value
                }
                return true
            }
            index += 1
        }
        return false
    }

    /// `ifdef X`, `ifeq (a,b)`, `ifneq "a" "b"`: `nil` when it depends on something unknown,
    /// which includes a variable the makefile never sets: it may come from the environment or the
    /// command line (`ifdef CI`), and Folio reads neither, so that every machine gets one answer.
    func evaluate(_ keyword: String, _ rest: String) -> Bool? {
        switch keyword {
        case "ifdef", "ifndef":
            let expanded = expand(rest, unsetIsUnknown: true)
            guard !expanded.isUnknown, let value = variables[expanded.value.trimmingCharacters(in: .whitespaces)] else { return nil }
            let defined = !value.isEmpty
            return keyword == "ifdef" ? defined : !defined
        default:
            guard let (left, right) = Self.comparands(rest) else { return nil }
            let a = expand(left, unsetIsUnknown: true), b = expand(right, unsetIsUnknown: true)
            guard !a.isUnknown, !b.isUnknown else { return nil }
            return (a.value == b.value) == (keyword == "ifeq")
        }
    }

    /// `(a,b)`, `"a" "b"` or `'a' 'b'`.
    private static func comparands(_ text: String) -> (String, String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("("), trimmed.hasSuffix(")") {
            let inner = trimmed.dropFirst().dropLast()
            var parens = 0
            for index in inner.indices {
                if inner[index] == "(" { parens += 1 }
                if inner[index] == ")" { parens -= 1 }
                if inner[index] == ",", parens == 0 {
                    return (String(inner[..<index]).trimmingCharacters(in: .whitespaces),
                        String(inner[inner.index(after: index)...]).trimmingCharacters(in: .whitespaces))
                }
            }
            return nil
        }
        let quoted = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard quoted.count == 2 else { return nil }
        return (String(quoted[0].dropFirst().dropLast()), String(quoted[1].dropFirst().dropLast()))
    }

    /// Expands `$(NAME)`, `${NAME}`, `$X` and `$$`; anything else (a function, a substitution
    /// reference) makes the result unknown, and so does a variable never set when `unsetIsUnknown`.
    /// A variable met again inside its own expansion (`A = $(A)`, make's "Recursive variable
    /// references itself") is unknown and recorded in `recursion`; chains of any length short of
    /// that are followed (make has no limit either; 500 levels keep the stack small).
    func expand(_ text: String, depth: Int = 0, unsetIsUnknown: Bool = false, expanding: Set<String> = []) -> (value: String, isUnknown: Bool) {
        guard text.contains("$") else { return (text, false) }
        guard depth < 500 else { return ("", true) }
        var result = ""
        var isUnknown = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "$", text.index(after: index) < text.endIndex else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let next = text[text.index(after: index)]
            if next == "$" {
                result.append("$")
                index = text.index(index, offsetBy: 2)
            } else if next == "(" || next == "{" {
                let close: Character = next == "(" ? ")" : "}"
                var cursor = text.index(index, offsetBy: 2)
                var level = 1
                while cursor < text.endIndex {
                    if text[cursor] == next { level += 1 }
                    if text[cursor] == close {
                        level -= 1
                        if level == 0 { break }
                    }
                    cursor = text.index(after: cursor)
                }
                let inner = String(text[text.index(index, offsetBy: 2)..<min(cursor, text.endIndex)])
                let name = expand(inner, depth: depth + 1, unsetIsUnknown: unsetIsUnknown, expanding: expanding)
                if name.isUnknown || name.value.contains(where: { $0 == " " || $0 == ":" || $0 == "," })
                    || (unsetIsUnknown && variables[name.value] == nil) {
                    isUnknown = true
                } else if expanding.contains(name.value) {
                    recursion.names.insert(name.value)
                    isUnknown = true
                } else {
                    let value = expand(
                        variables[name.value] ?? "", depth: depth + 1, unsetIsUnknown: unsetIsUnknown, expanding: expanding.union([name.value]))
                    isUnknown = isUnknown || value.isUnknown
                    result += value.value
                }
                index = cursor < text.endIndex ? text.index(after: cursor) : cursor
            } else {
                isUnknown = isUnknown || (unsetIsUnknown && variables[String(next)] == nil)
                if expanding.contains(String(next)) { recursion.names.insert(String(next)) }
                let value: (value: String, isUnknown: Bool) =
                    expanding.contains(String(next))
                    ? ("", true) : expand(variables[String(next)] ?? "", depth: depth + 1, unsetIsUnknown: unsetIsUnknown, expanding: expanding.union([String(next)]))
                isUnknown = isUnknown || value.isUnknown
                result += value.value
                index = text.index(index, offsetBy: 2)
            }
        }
        return (result, isUnknown)
    }
}
