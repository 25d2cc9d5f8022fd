"""The FAQ answers the assistant has, with the short titles buttons show.

Keys match ``utter_faq/<key>`` in the domain and ``faq/<key>`` in the NLU
data; a test keeps the three in step.
"""

from typing import Dict

FAQ_TITLES: Dict[str, str] = {
    "what_is_kyphoplasty": "What kyphoplasty is",
    "compression_fracture": "What a compression fracture is",
    "osteoporosis": "Osteoporosis and fractures",
    "where_performed": "Where it is done",
    "anesthesia": "Anesthesia",
    "procedure_steps": "The steps of the procedure",
    "imaging": "The x-ray guidance",
    "balloon": "The balloon",
    "cement": "The bone cement",
    "who_is_candidate": "Who it is for",
    "cancer": "Fractures from cancer",
    "injury": "Fractures from an injury",
    "walking_after": "Walking afterwards",
    "bed_rest": "Bed rest afterwards",
    "return_to_activities": "Getting back to normal",
    "lifting_restrictions": "Lifting limits",
    "wound_care": "Caring for the needle site",
    "more_information": "Where to read more",
}


def title_for(intent_response_key: str) -> str:
    """Button title for ``faq/<key>`` or ``<key>``; the key itself if unknown."""
    key = intent_response_key.split("/", 1)[-1]
    return FAQ_TITLES.get(key, key.replace("_", " ").capitalize())
