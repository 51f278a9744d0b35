#!/bin/sh
# Deploy script with a leaked token and one that is allowed inline.
export GITHUB_TOKEN=ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5
export EXAMPLE_TOKEN=ghp_zY9xW8vU7tS6rQ5pO4nM3lK2jI1hG0fE9dC8 # tacet:allow (documentation sample)
