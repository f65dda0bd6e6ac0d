browser-site-name = urbis
browser-site-tagline = Réseau de villes pour la sécurité urbaine et la prévention
browser-nav-main = Navigation principale
browser-nav-language = Choisir la langue
browser-footer-text = urbis – la plateforme du réseau de villes pour la sécurité urbaine et la prévention de la délinquance.
browser-footer-calendar = S'abonner au calendrier (iCal)
