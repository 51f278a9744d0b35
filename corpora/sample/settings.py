# Sample settings with planted, fake credentials for `scripts/run-sample`.
DEBUG = True
DATABASE_URL = "postgres://app:Xq8vT2mLw9Rz@db.internal:5432/app"
AWS_ACCESS_KEY_ID = "AKIAQ3EGRJ7WXZ5TKN2B"
STRIPE_KEY = "sk_live_4eC39HqLyjWDarjtT1zdp7dcQ8w"
ADMIN_EMAIL = "maria.jensen@example.org"
