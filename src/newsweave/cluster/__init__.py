"""Grouping articles into stories, reprint detection, and related-story links."""

from newsweave.cluster.grouping import group_stories
from newsweave.cluster.records import Grouping, StoryDoc

__all__ = ["Grouping", "StoryDoc", "group_stories"]
