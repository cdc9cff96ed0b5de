"""Language versions of the translatable kinds (content_models.kinds: ``translatable``).

An item exists in Danish and, where it has been translated, in English. The versions are Wagtail pages in their
locale's tree that share Wagtail's translation key; the Danish version is the source. ``selectors`` reads which
versions exist and which translations are out of date, ``services`` creates and detaches translations.
"""
