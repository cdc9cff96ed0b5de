"""Static files as production serves them: content-hashed names, compressed, cached for a year (WhiteNoise)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, except that a source map a package names but does not ship (graphiql's
    ``//# sourceMappingURL=graphiql.js.map``) stays as it is instead of failing collectstatic. Any other missing
    reference (a font in the design system's CSS) still fails it."""

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.split("?", 1)[0].endswith(".map"):
                return name
            raise
