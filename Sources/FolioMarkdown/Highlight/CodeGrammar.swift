/// Programming languages, from one table-driven lexer: each language is a ``CodeGrammar`` (its
/// comments, strings, keyword classes, number classes and the names a keyword introduces), plus
/// a few rules of its own (Python's f-strings and docstrings, JavaScript's regular expressions).
struct CodeGrammar {
    var lineComments: [StaticString] = []
    var lineCommentClass: StaticString = "c1"
    var blockComment: (open: StaticString, close: StaticString)? = nil
    var blockCommentClass: StaticString = "cm"
    var hashbang = false
    /// Quote byte and class of each kind of string.
    var strings: [UInt8: StaticString] = [:]
    /// Strings whose escapes (`\n`) are coloured `se`.
    var escapes: Set<UInt8> = []
    /// Quotes whose strings may span lines (backquotes, Python's triple quotes).
    var multiline: Set<UInt8> = []
    /// Python: `"""` strings, docstrings, `f`/`r`/`b` prefixes (`sa`).
    var python = false
    /// Template strings (`${...}` in JavaScript, `\(...)` in Swift), their quote.
    var interpolation: (quote: UInt8, open: StaticString, class: StaticString)? = nil
    var keywords: [String: StaticString] = [:]
    var caseInsensitive = false
    /// The class of the name after a keyword (`def` -> `nf`).
    var names: [String: StaticString] = [:]
    /// Names that take their class only before `(` (Go's builtins), and a class otherwise.
    var callNames: [String: (call: StaticString, other: StaticString?)] = [:]
    /// Words not coloured after `.` (Python's builtins as attributes).
    var plainAfterDot = false
    var integer: StaticString? = "mi"
    var float: StaticString? = "mf"
    var hex: StaticString? = "mh"
    var octal: StaticString? = "mo"
    var binary: StaticString? = "mb"
    /// JavaScript: `/.../g` where a value is expected is a regular expression (`sr`).
    var regexLiterals = false
    /// TypeScript: the word after `:` is a type (`kt`).
    var typeAfterColon = false
    var promQL = false
    var hclValues = false

    static func of(_ language: Highlighter.Language) -> CodeGrammar {
        switch language {
        case .python: python
        case .go: go
        case .javascript: javascript
        case .typescript: typescript
        case .swift: swift
        case .sql: sql
        case .hcl: hcl
        default: promql
        }
    }

    static func table(_ entries: [(StaticString, String)]) -> [String: StaticString] {
        var result: [String: StaticString] = [:]
        for (className, words) in entries {
            for word in words.split(separator: " ") { result[String(word)] = className }
        }
        return result
    }

    static let python: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["#"]
        g.hashbang = true
        g.strings = [UInt8(ascii: "\""): "s2", UInt8(ascii: "'"): "s1"]
        g.escapes = [UInt8(ascii: "\""), UInt8(ascii: "'")]
        g.python = true
        g.plainAfterDot = true
        g.keywords = table([
            ("k", "assert async await break continue del elif else except finally for global if lambda nonlocal pass raise return try while with yield as match case"),
            ("kn", "import from"),
            ("kc", "True False None"),
            ("ow", "and or not in is"),
            ("k", "def class"),
            (
                "nb",
                "abs aiter all anext any ascii bin bool bytearray bytes callable chr classmethod compile complex delattr dict dir divmod enumerate eval filter float format frozenset getattr globals hasattr hash hex id input int isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip"
            ),
            ("bp", "self Ellipsis NotImplemented cls"),
            (
                "vm",
                "__annotations__ __bases__ __class__ __closure__ __code__ __defaults__ __dict__ __doc__ __file__ __func__ __globals__ __kwdefaults__ __module__ __mro__ __name__ __objclass__ __qualname__ __self__ __slots__ __weakref__"
            ),
        ])
        g.names = ["def": "nf", "class": "nc"]
        return g
    }()

    static let go: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["//"]
        g.blockComment = ("/*", "*/")
        g.strings = [UInt8(ascii: "\""): "s", UInt8(ascii: "`"): "s", UInt8(ascii: "'"): "sc"]
        g.multiline = [UInt8(ascii: "`")]
        g.keywords = table([
            ("kd", "var func struct map chan type interface const"),
            ("kn", "import package"),
            ("k", "break default select case defer go else goto switch fallthrough if range continue for return"),
            ("kc", "true false iota nil"),
        ])
        var calls: [String: (call: StaticString, other: StaticString?)] = [:]
        for word in "uint uint8 uint16 uint32 uint64 int int8 int16 int32 int64 float float32 float64 complex64 complex128 byte rune string bool error uintptr any"
            .split(separator: " ")
        {
            calls[String(word)] = ("nb", "kt")
        }
        for word in "print println panic recover close complex real imag len cap append copy delete new make clear min max".split(separator: " ") {
            calls[String(word)] = ("nb", nil)
        }
        g.callNames = calls
        return g
    }()

    static let javascript: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["//"]
        g.blockComment = ("/*", "*/")
        g.strings = [UInt8(ascii: "\""): "s2", UInt8(ascii: "'"): "s1", UInt8(ascii: "`"): "sb"]
        g.multiline = [UInt8(ascii: "`")]
        g.interpolation = (UInt8(ascii: "`"), "${", "si")
        g.regexLiterals = true
        g.integer = "mf"
        g.keywords = table([
            ("ow", "typeof instanceof in void delete new"),
            ("kr", "constructor from as"),
            (
                "k",
                "for while do break return continue switch case default if else throw try catch finally yield await async this of static export import debugger extends super"
            ),
            ("kd", "var let const with function class"),
            (
                "kr",
                "abstract boolean byte char double enum final float goto implements int interface long native package private protected public short synchronized throws transient volatile"
            ),
            ("kc", "true false null NaN Infinity undefined"),
            (
                "nb",
                "Array Boolean Date BigInt Function Math ArrayBuffer Number Object RegExp String Promise Proxy Symbol Error EvalError RangeError ReferenceError SyntaxError TypeError URIError Map Set WeakMap WeakSet JSON Reflect Intl decodeURI decodeURIComponent encodeURI encodeURIComponent eval isFinite isNaN parseFloat parseInt document window globalThis"
            ),
        ])
        return g
    }()

    static let typescript: CodeGrammar = {
        var g = javascript
        g.typeAfterColon = true
        g.integer = "mf"
        g.keywords.merge(
            table([
                ("kd", "var let const with function class interface enum"),
                ("kr", "type declare namespace module abstract public private protected readonly implements keyof infer is asserts satisfies"),
                ("kt", "string number boolean any void never unknown object symbol bigint"),
            ]), uniquingKeysWith: { _, new in new })
        return g
    }()

    static let swift: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["//"]
        g.blockComment = ("/*", "*/")
        g.strings = [UInt8(ascii: "\""): "s"]
        g.interpolation = (UInt8(ascii: "\""), "\\(", "si")
        g.keywords = table([
            (
                "k",
                "as async await break case catch continue default defer do else fallthrough for guard if in is repeat return switch where while try throw"
            ),
            (
                "kd",
                "associatedtype class deinit enum extension func import init internal let operator private protocol public static struct subscript typealias var fileprivate open final lazy override mutating nonmutating convenience required weak unowned indirect dynamic optional some any"
            ),
            ("kr", "rethrows throws"),
            ("kc", "true false nil _"),
            ("bp", "print debugPrint assert precondition fatalError"),
            (
                "nb",
                "Int Int8 Int16 Int32 Int64 UInt UInt8 UInt16 UInt32 UInt64 Double Float Bool String Character Array Dictionary Set Optional Result Void Never"
            ),
        ])
        g.names = ["func": "nf", "struct": "nc", "class": "nc", "enum": "nc", "protocol": "nc", "import": "nc", "let": "nv", "var": "nv"]
        return g
    }()

    static let sql: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["--"]
        g.blockComment = ("/*", "*/")
        g.strings = [UInt8(ascii: "'"): "s1"]
        g.caseInsensitive = true
        g.float = nil
        g.hex = nil
        g.octal = nil
        g.binary = nil
        g.keywords = table([
            (
                "k",
                "select from where and or not null as on join left right inner outer full cross group by order having limit offset insert into values update set delete create table index view drop alter add column primary key foreign references unique default check constraint distinct union all case when then else end in is like between exists asc desc count sum avg min max if begin commit rollback transaction with returning cascade grant revoke database schema trigger function procedure return returns declare natural using except intersect fetch first next only rows row over partition window"
            ),
            ("nb", "integer int bigint smallint text varchar char boolean date timestamp numeric decimal real serial float"),
        ])
        return g
    }()


    static let hcl: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["#", "//"]
        g.blockComment = ("/*", "*/")
        g.strings = [UInt8(ascii: "\""): "s2"]
        g.hclValues = true
        g.integer = "m"
        g.float = nil
        g.hex = nil
        g.octal = nil
        g.binary = nil
        return g
    }()

    static let promql: CodeGrammar = {
        var g = CodeGrammar()
        g.lineComments = ["#"]
        g.strings = [UInt8(ascii: "\""): "s", UInt8(ascii: "'"): "s", UInt8(ascii: "`"): "s"]
        g.promQL = true
        g.integer = "mf"
        g.keywords = table([
            ("k", "sum min max avg group stddev stdvar count count_values bottomk topk quantile limitk limit_ratio by without on ignoring group_left group_right bool offset"),
            (
                "kr",
                "abs absent absent_over_time avg_over_time ceil changes clamp clamp_max clamp_min count_over_time day_of_month day_of_week day_of_year days_in_month delta deriv exp floor histogram_quantile holt_winters hour idelta increase irate label_join label_replace ln log10 log2 last_over_time max_over_time min_over_time minute month predict_linear present_over_time quantile_over_time rate resets round scalar sgn sort sort_desc sqrt stddev_over_time stdvar_over_time sum_over_time time timestamp vector year"
            ),
        ])
        return g
    }()
}
