/// Folio's version: `folio --version`, the link checker's User-Agent, SARIF's tool version.
public let folioVersion = "0.1.0"
