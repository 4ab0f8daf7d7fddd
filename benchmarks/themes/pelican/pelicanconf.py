# Minimal Pelican site for the mvsite benchmark: pages, section lists, home page.
AUTHOR = "Benchmark"
SITENAME = "Example Observatory"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "theme"
STATIC_PATHS = ["images"]

# <section>/<slug>.html, the section taken from the folder, the slug from the file name.
USE_FOLDER_AS_CATEGORY = True
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = ARTICLE_SAVE_AS = "{category}/{slug}.html"
CATEGORY_URL = CATEGORY_SAVE_AS = "{slug}/index.html"
DEFAULT_PAGINATION = False

# Only pages, section lists and the home page, as for the other peers.
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
